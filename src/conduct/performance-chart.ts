import * as echarts from 'echarts';
import escapeHtml from 'escape-html';
import type { PublishedPerformance } from '../indicators/published-performance.js';
import { figureInWords, quarterInWords } from './render-performance.js';

// Dark enough for 3:1 against white (WCAG 1.4.11), and each line has its own marker shape too, not colour alone.
const COLOURS = ['#1d3f8f', '#0b0c0c', '#b1410e', '#00703c', '#6f3c97', '#505a5f'];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin'];

/** Promise texts are sentences; a legend needs a few words. */
function shortLabel(text: string): string {
  const words = text.split(/\s+/u);
  return words.length <= 10 ? text : `${words.slice(0, 10).join(' ')}…`;
}

/** The chart in words: what a screen reader announces in its place. */
export function performanceChartText(performance: PublishedPerformance): string {
  const lines = performance.promises.map(
    (promise) => `${promise.text} ${promise.byQuarter.map((q) => `${quarterInWords(q.quarter)}: ${figureInWords(q.met).toLowerCase()}`).join('; ')}.`,
  );
  return `Line chart of the share of deadlines met on time, by the quarter we received the complaint. ${lines.join(' ')}`;
}

/**
 * The figures by quarter as a line chart, drawn on the server as SVG by Apache ECharts (`ssr: true`): no script, no
 * canvas and nothing fetched by the browser. A quarter with too few deadlines is a gap in its line, not a zero.
 */
export function performanceChartHtml(performance: PublishedPerformance): string {
  // The legend lists one promise a line below the plot, so that long labels never run into each other.
  const legendHeight = performance.promises.length * 22;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 280 + legendHeight });
  try {
    chart.setOption({
      animation: false,
      textStyle: { color: '#0b0c0c', fontFamily: 'system-ui, Arial, sans-serif', fontSize: 13 },
      color: COLOURS,
      grid: { left: 56, right: 24, top: 24, bottom: 56 + legendHeight },
      legend: { bottom: 0, left: 8, orient: 'vertical', itemGap: 6, textStyle: { color: '#0b0c0c' } },
      xAxis: { type: 'category', data: performance.quarters.map(quarterInWords), axisLabel: { color: '#0b0c0c' }, axisLine: { lineStyle: { color: '#505a5f' } } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#0b0c0c' }, splitLine: { lineStyle: { color: '#b1b4b6' } } },
      series: performance.promises.map((promise, i) => ({
        type: 'line',
        name: shortLabel(promise.text),
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 9,
        connectNulls: false,
        data: promise.byQuarter.map((q) => (q.met.enoughData ? Math.round(q.met.value * 100) : null)),
      })),
    });
    const svg = chart.renderToSVGString();
    return [
      '<figure class="chart">',
      `<div role="img" aria-label="${escapeHtml(performanceChartText(performance))}">${svg}</div>`,
      '<figcaption>The same figures as the table above, as a chart. A gap in a line is a quarter with not enough data yet.</figcaption>',
      '</figure>',
    ].join('\n');
  } finally {
    chart.dispose();
  }
}
