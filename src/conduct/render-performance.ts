import escapeHtml from 'escape-html';
import type { PublishedPerformance } from '../indicators/published-performance.js';
import type { Rate } from '../indicators/rate.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT = MONTHS.map((month) => month.slice(0, 3));

/** `2026-Q1` as "Jan to Mar 2026". */
export function quarterInWords(quarter: string): string {
  const [year, q] = quarter.split('-Q').map(Number);
  return `${SHORT[(q - 1) * 3]} to ${SHORT[(q - 1) * 3 + 2]} ${year}`;
}

function dayInWords(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "92% of 130", or the words that stand in for a figure drawn from too few deadlines. */
export function figureInWords(figure: Rate): string {
  if (!figure.enoughData) return 'Not enough data yet';
  return `${Math.round(figure.value * 100)}% of ${figure.count}`;
}

export const PERFORMANCE_STYLES = `
.table-scroll { overflow-x: auto; margin: 0.75rem 0 1.5rem; }
.table-scroll:focus { outline: 3px solid #ffdd00; }
.figures { border-collapse: collapse; font-size: 1rem; min-width: 100%; }
.figures caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
.figures th, .figures td { border: 1px solid #505a5f; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
.figures thead th { background: #f3f2f1; }
.chart { margin: 0 0 1.5rem; }
.chart svg { max-width: 100%; height: auto; }
.chart figcaption { font-size: 1rem; }
`;

/**
 * The "How we are doing" section: each promise's share of deadlines met on time, over the period and by quarter, as a
 * table (and a chart, when given). Says only what the figures are: which complaints they count, what counts as met, what is left out, and where
 * there are too few to say.
 */
export function renderPerformanceSection(performance: PublishedPerformance, chart = ''): string {
  const last = new Date(Date.parse(performance.to) - 1).toISOString();
  const period = `${dayInWords(performance.from)} to ${dayInWords(last)}`;
  const header = ['Promise', 'All four quarters', ...performance.quarters.map(quarterInWords)]
    .map((label) => `<th scope="col">${escapeHtml(label)}</th>`)
    .join('');
  const rows = performance.promises
    .map((promise) => {
      const cells = [promise.overall, ...promise.byQuarter.map((q) => q.met)].map((figure) => `<td>${escapeHtml(figureInWords(figure))}</td>`).join('');
      return `<tr><th scope="row">${escapeHtml(promise.text)}</th>${cells}</tr>`;
    })
    .join('\n');
  return [
    '<section aria-labelledby="how-we-are-doing">',
    '<h2 id="how-we-are-doing">How we are doing</h2>',
    `<p>How often we kept each promise for the complaints we received from ${period}, the last four complete quarters.</p>`,
    '<p>Each complaint sets a deadline for each promise. We count it as met if we did what we promised in time, and as missed if we did it late or its time ran out. Deadlines still running, or on hold while we wait for an answer from you, are not counted yet, nor those that no longer applied because the complaint was withdrawn or closed before they came.</p>',
    `<p>A figure such as “92% of 130” means we met 92% of 130 deadlines. Where fewer than ${performance.minimum} deadline${performance.minimum === 1 ? '' : 's'} came, we say “not enough data yet” rather than give a percentage that could mislead.</p>`,
    '<div class="table-scroll" role="region" aria-labelledby="performance-caption" tabindex="0">',
    '<table class="figures">',
    '<caption id="performance-caption">Deadlines met on time, by the quarter we received the complaint</caption>',
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    '</div>',
    chart,
    '</section>',
  ].join('\n');
}
