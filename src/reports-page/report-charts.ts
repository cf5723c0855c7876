import * as echarts from 'echarts';
import escapeHtml from 'escape-html';
import type { ParetoRow } from './pareto.js';

// As on the code of conduct: dark enough for 3:1 against white (WCAG 1.4.11), with a marker shape per line as well.
const COLOURS = ['#1d3f8f', '#b1410e', '#00703c', '#6f3c97', '#0b0c0c', '#505a5f'];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin'];
const INK = '#0b0c0c';
const TEXT_STYLE = { color: INK, fontFamily: 'system-ui, Arial, sans-serif', fontSize: 12 };
const AXIS_LINE = { lineStyle: { color: '#505a5f' } };
const SPLIT_LINE = { lineStyle: { color: '#b1b4b6' } };

/** An ECharts option and the size it is drawn at. */
export interface ChartSpec {
  option: Record<string, unknown>;
  width: number;
  height: number;
}

/** Bars, one a label, in the order given; horizontal when the labels are words rather than months. */
export function barChart(labels: readonly string[], values: readonly number[], options: { horizontal?: boolean; name: string }): ChartSpec {
  const horizontal = options.horizontal ?? false;
  const longest = Math.max(0, ...labels.map((label) => label.length));
  const categoryAxis = { type: 'category', data: [...labels], axisLabel: { color: INK, interval: 0, ...(horizontal ? {} : { rotate: labels.length > 8 ? 45 : 0 }) }, axisLine: AXIS_LINE };
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: { color: INK }, splitLine: SPLIT_LINE };
  const height = horizontal ? 60 + labels.length * 30 : 300;
  return {
    width: 640,
    height,
    option: {
      animation: false,
      textStyle: TEXT_STYLE,
      color: [COLOURS[0]],
      grid: horizontal ? { left: Math.min(260, 16 + longest * 7), right: 40, top: 16, bottom: 32 } : { left: 48, right: 24, top: 24, bottom: labels.length > 8 ? 72 : 40 },
      xAxis: horizontal ? valueAxis : categoryAxis,
      // ECharts draws the first category at the bottom of a vertical axis: reversed, the list reads top down.
      yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: [{ type: 'bar', name: options.name, data: [...values], label: { show: true, position: horizontal ? 'right' : 'top', color: INK } }],
    },
  };
}

/** One line a series over the months, in percent; null is a gap (not enough data), never a zero. */
export function percentLineChart(months: readonly string[], series: readonly { name: string; values: readonly (number | null)[] }[]): ChartSpec {
  const legendHeight = series.length * 22;
  return {
    width: 640,
    height: 280 + legendHeight,
    option: {
      animation: false,
      textStyle: TEXT_STYLE,
      color: COLOURS,
      grid: { left: 56, right: 24, top: 24, bottom: 64 + legendHeight },
      legend: { bottom: 0, left: 8, orient: 'vertical', itemGap: 6, textStyle: { color: INK } },
      xAxis: { type: 'category', data: [...months], axisLabel: { color: INK, rotate: months.length > 8 ? 45 : 0 }, axisLine: AXIS_LINE },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: INK }, splitLine: SPLIT_LINE },
      series: series.map((line, i) => ({
        type: 'line',
        name: line.name,
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 9,
        connectNulls: false,
        data: [...line.values],
      })),
    },
  };
}

/** A Pareto chart: the counts as bars from the largest down, and their cumulative share as a line on a 0-100% axis. */
export function paretoChart(rows: readonly ParetoRow[], label: (key: string | null) => string): ChartSpec {
  return {
    width: 640,
    height: 340,
    option: {
      animation: false,
      textStyle: TEXT_STYLE,
      color: [COLOURS[0], COLOURS[1]],
      grid: { left: 48, right: 56, top: 40, bottom: 96 },
      legend: { top: 0, left: 8, textStyle: { color: INK } },
      xAxis: { type: 'category', data: rows.map((row) => label(row.key)), axisLabel: { color: INK, interval: 0, rotate: 30 }, axisLine: AXIS_LINE },
      yAxis: [
        { type: 'value', name: 'Complaints', minInterval: 1, axisLabel: { color: INK }, splitLine: SPLIT_LINE },
        { type: 'value', name: 'Cumulative', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: INK }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: 'Complaints', data: rows.map((row) => row.count) },
        { type: 'line', name: 'Cumulative %', yAxisIndex: 1, symbol: 'diamond', symbolSize: 9, data: rows.map((row) => row.cumulativePercent) },
      ],
    },
  };
}

/**
 * The chart drawn on the server as SVG by Apache ECharts (`ssr: true`): no script, no canvas, nothing fetched by the
 * browser. `text` says in words what the chart shows, for those who cannot see it; the same figures are in a table
 * beside it.
 */
export function chartFigure(spec: ChartSpec, text: string, caption: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    return [
      '<figure class="chart">',
      `<div role="img" aria-label="${escapeHtml(text)}">${chart.renderToSVGString()}</div>`,
      `<figcaption>${escapeHtml(caption)}</figcaption>`,
      '</figure>',
    ].join('\n');
  } finally {
    chart.dispose();
  }
}
