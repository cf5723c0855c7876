import { describe, expect, it } from '@jest/globals';
import { barChart, chartFigure, paretoChart, percentLineChart } from './report-charts.js';
import { pareto } from './pareto.js';

/** The parts of an ECharts option these tests look at. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an option is a loose tree of records
type Option = Record<string, any>;

describe('report charts', () => {
  it('draws a Pareto chart: bars from the largest down and the cumulative share on its own 0-100% axis', () => {
    const spec = paretoChart(pareto([{ key: 'a', count: 1 }, { key: 'b', count: 3 }]), (key) => (key === null ? 'None recorded' : key.toUpperCase()));
    const option = spec.option as Option;
    expect(option.xAxis.data).toEqual(['B', 'A']);
    expect(option.series[0].data).toEqual([3, 1]);
    expect(option.series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [75, 100] });
    expect(option.yAxis[1]).toMatchObject({ min: 0, max: 100 });
  });

  it('leaves a gap, not a zero, where a month has not enough data', () => {
    const option = percentLineChart(['2026-01', '2026-02'], [{ name: 'Acknowledged', values: [null, 50] }]).option as Option;
    expect(option.series[0]).toMatchObject({ connectNulls: false, data: [null, 50] });
    expect(option.yAxis).toMatchObject({ min: 0, max: 100 });
  });

  it('lists horizontal bars top down in the order given', () => {
    const option = barChart(['Delivery', 'Billing'], [2, 1], { horizontal: true, name: 'Complaints' }).option as Option;
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['Delivery', 'Billing'], inverse: true });
    expect(option.series[0].data).toEqual([2, 1]);
  });

  it('renders an SVG with its text alternative, escaped, and no script', () => {
    const html = chartFigure(barChart(['<b>'], [1], { name: 'n' }), 'Bar chart of "x" <y>', 'Caption & more');
    expect(html).toContain('<svg');
    expect(html).toContain('aria-label="Bar chart of &quot;x&quot; &lt;y&gt;"');
    expect(html).toContain('<figcaption>Caption &amp; more</figcaption>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
  });
});
