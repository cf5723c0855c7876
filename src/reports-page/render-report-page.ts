import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../conduct/code-of-conduct.schema.js';
import { renderPage } from '../conduct/page-shell.js';
import type { ComplaintReport, PromiseReport } from '../indicators/indicators.service.js';
import type { DurationFigures } from '../indicators/promise-figures.js';
import { describeRate, type Rate } from '../indicators/rate.js';
import type { SatisfactionReport } from '../indicators/satisfaction-report.service.js';
import type { MeanFigure, SatisfactionMonth, ScoreFigures } from '../indicators/satisfaction-figures.js';
import { pareto } from './pareto.js';
import { barChart, chartFigure, paretoChart, percentLineChart } from './report-charts.js';
import { REPORT_PAGE_STYLES } from './report-page-styles.js';
import { monthsBetween, reportQueryString, type QueryProblem, type ReportQuery } from './report-period.js';
import type { SignedInStaff } from './staff-sessions.js';

/** Words for the ids the figures are counted by. */
export interface ReportLabels {
  category(id: string | null): string;
  channel(id: string | null): string;
  rootCause(id: string | null): string;
  outcome(id: string | null): string;
  promise(id: string): string;
}

export interface ReportPageData {
  query: ReportQuery;
  problems: QueryProblem[];
  staff: SignedInStaff;
  complaints: ComplaintReport;
  promises: PromiseReport;
  satisfaction: SatisfactionReport;
  labels: ReportLabels;
  /** What the filters offer. */
  categories: { id: string; label: string }[];
  channels: { id: string; label: string }[];
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03` as "Mar 2026". */
export function monthInWords(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTH_NAMES[Number(number) - 1]} ${year}`;
}

/** "3.5 hours", or "2.4 days" from two days on. */
export function durationInWords(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

const notEnough = (text: string) => `<span class="not-enough">${escapeHtml(text)}</span>`;
const rateCell = (rate: Rate) => (rate.enoughData ? escapeHtml(describeRate(rate)) : notEnough(describeRate(rate)));
const percentOf = (rate: Rate) => (rate.enoughData ? `${Math.round(rate.value * 100)}% of ${rate.count}` : `not enough data (${rate.count} of at least ${rate.minimum})`);

function table(caption: string, headings: string[], rows: string[][], numeric: number[] = []): string {
  const th = headings.map((heading, i) => `<th scope="col"${numeric.includes(i) ? ' class="number"' : ''}>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map((cells) => `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="number"' : ''}>${cell}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section class="report-section" aria-labelledby="${id}">\n<h2 id="${id}">${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

const pair = (chart: string, data: string) => `<div class="pair">\n${chart}\n<div>${data}</div>\n</div>`;

function listInWords(items: { label: string; count: number }[]): string {
  return items.map((item) => `${item.label}: ${item.count}`).join('; ');
}

function volumesByMonth(data: ReportPageData, months: string[]): string {
  const totals = new Map<string, number>();
  for (const row of data.complaints.monthly.category) totals.set(row.month, (totals.get(row.month) ?? 0) + row.count);
  const counts = months.map((month) => totals.get(month) ?? 0);
  const words = months.map((month, i) => ({ label: monthInWords(month), count: counts[i] }));
  const chart = chartFigure(
    barChart(words.map((w) => w.label), counts, { name: 'Complaints' }),
    `Bar chart of the complaints received each month. ${listInWords(words)}.`,
    'Complaints received, by the month received.',
  );
  const rows = words.map((w) => [escapeHtml(w.label), String(w.count)]);
  return pair(chart, table('Complaints received by month', ['Month', 'Complaints'], rows, [1]));
}

function volumesBy(data: ReportPageData, dimension: 'category' | 'channel' | 'outcome', title: string, label: (id: string | null) => string): string {
  const rows = data.complaints.volumes[dimension].map((row) => ({ label: label(row.key), count: row.count }));
  if (rows.length === 0) return '';
  const chart = chartFigure(
    barChart(rows.map((r) => r.label), rows.map((r) => r.count), { horizontal: true, name: 'Complaints' }),
    `Bar chart of the complaints by ${title}. ${listInWords(rows)}.`,
    `Complaints by ${title}.`,
  );
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const share = (count: number) => `${Math.round((count / total) * 100)}%`;
  return `<h3>By ${escapeHtml(title)}</h3>\n${pair(chart, table(`Complaints by ${title}`, [title[0].toUpperCase() + title.slice(1), 'Complaints', 'Share'], rows.map((r) => [escapeHtml(r.label), String(r.count), share(r.count)]), [1, 2]))}`;
}

function volumesSection(data: ReportPageData, months: string[]): string {
  const { complaints } = data;
  if (complaints.received === 0) return section('volumes', 'Complaints received', '<p>No complaints were received in this period.</p>');
  return section(
    'volumes',
    'Complaints received',
    [
      `<p>${complaints.received} complaint${complaints.received === 1 ? '' : 's'} received from ${escapeHtml(monthInWords(data.query.fromMonth))} to ${escapeHtml(monthInWords(data.query.toMonth))}.</p>`,
      volumesByMonth(data, months),
      volumesBy(data, 'category', 'category', data.labels.category),
      volumesBy(data, 'channel', 'channel', data.labels.channel),
      volumesBy(data, 'outcome', 'outcome', data.labels.outcome),
      table(
        'Reopened and withdrawn',
        ['Figure', 'Rate'],
        [
          ['Reopened, of those closed or withdrawn', rateCell(complaints.reopenRate)],
          ['Withdrawn by the customer, of those received', rateCell(complaints.withdrawalRate)],
        ],
      ),
    ].join('\n'),
  );
}

function promisesSection(data: ReportPageData, months: string[]): string {
  const { promises, trend = [] } = data.promises;
  if (promises.length === 0) return section('promises', 'Promises met', '<p>No deadlines fell in this period.</p>');
  const overall = table(
    'Deadlines met on time over the whole period, of those met or missed',
    ['Promise', 'Met on time', 'Met', 'Missed', 'Still running', 'Not applicable'],
    promises.map((p) => [
      escapeHtml(data.labels.promise(p.promiseId)),
      rateCell(p.met),
      String(p.shares.met.successes),
      String(p.shares.missed.successes),
      String(p.shares.pending.successes),
      String(p.shares.notApplicable.successes),
    ]),
    [2, 3, 4, 5],
  );
  const series = promises.map((p) => {
    const byMonth = new Map(trend.filter((t) => t.promiseId === p.promiseId).map((t) => [t.period as string, t]));
    return { id: p.promiseId, name: data.labels.promise(p.promiseId), months: months.map((month) => byMonth.get(month)) };
  });
  const text = series
    .map((s) => `${s.name}: ${months.map((month, i) => `${monthInWords(month)} ${s.months[i] ? percentOf(s.months[i].met) : 'no deadlines'}`).join('; ')}.`)
    .join(' ');
  const chart = chartFigure(
    percentLineChart(
      months.map(monthInWords),
      series.map((s) => ({ name: s.name, values: s.months.map((m) => (m && m.met.enoughData ? Math.round(m.met.value * 100) : null)) })),
    ),
    `Line chart of the share of deadlines met on time, by the month the complaint was received. ${text}`,
    'A gap in a line is a month with no deadlines decided, or not enough of them.',
  );
  const trendTable = table(
    'Deadlines met on time, by the month the complaint was received',
    ['Month', ...series.map((s) => s.name)],
    months.map((month, i) => [escapeHtml(monthInWords(month)), ...series.map((s) => (s.months[i] ? (s.months[i].met.enoughData ? escapeHtml(percentOf(s.months[i].met)) : notEnough(percentOf(s.months[i].met))) : '—'))]),
  );
  return section('promises', 'Promises met', `${overall}\n${pair(chart, trendTable)}`);
}

function rootCauseSection(data: ReportPageData): string {
  const rows = pareto(data.complaints.volumes.rootCause);
  if (rows.length === 0) return section('root-causes', 'Root causes', '<p>No complaints were received in this period.</p>');
  const chart = chartFigure(
    paretoChart(rows, data.labels.rootCause),
    `Pareto chart of the root causes, from the most frequent down, with the cumulative share. ${rows.map((row) => `${data.labels.rootCause(row.key)}: ${row.count}, ${row.cumulativePercent}% cumulative`).join('; ')}.`,
    'Bars: complaints by root cause, largest first. Line: their cumulative share of all complaints.',
  );
  const tableHtml = table(
    'Complaints by root cause',
    ['Root cause', 'Complaints', 'Cumulative share'],
    rows.map((row) => [escapeHtml(data.labels.rootCause(row.key)), String(row.count), `${row.cumulativePercent}%`]),
    [1, 2],
  );
  return section('root-causes', 'Root causes', `<p>The few causes behind most complaints come first: fix those first.</p>\n${pair(chart, tableHtml)}`);
}

function timesSection(data: ReportPageData): string {
  const measures: [string, DurationFigures][] = [
    ['Time to acknowledge', data.complaints.timeToAcknowledge],
    ['Time to a final response', data.complaints.timeToFinalResponse],
  ];
  const cells = (figure: DurationFigures) =>
    figure.enoughData
      ? [escapeHtml(durationInWords(figure.medianSeconds)), escapeHtml(durationInWords(figure.p90Seconds)), String(figure.count)]
      : [notEnough(`not enough data (${figure.count} of at least ${figure.minimum})`), notEnough('not enough data'), String(figure.count)];
  const tableHtml = table('Elapsed time from receipt', ['Measure', 'Median', '90th percentile', 'Complaints'], measures.map(([name, figure]) => [escapeHtml(name), ...cells(figure)]), [3]);
  const shown = measures.filter(([, figure]) => figure.enoughData) as [string, Extract<DurationFigures, { enoughData: true }>][];
  if (shown.length === 0) return section('times', 'Time to acknowledge and to a final response', tableHtml);
  const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;
  const spec = barChart(
    shown.flatMap(([name]) => [`${name}: median`, `${name}: 90th percentile`]),
    shown.flatMap(([, figure]) => [hours(figure.medianSeconds), hours(figure.p90Seconds)]),
    { horizontal: true, name: 'Hours' },
  );
  const chart = chartFigure(
    spec,
    `Bar chart of the elapsed hours from receipt. ${shown.map(([name, f]) => `${name}: median ${durationInWords(f.medianSeconds)}, 90th percentile ${durationInWords(f.p90Seconds)}`).join('; ')}.`,
    'Hours from receipt: half the complaints took the median or less, nine in ten the 90th percentile or less.',
  );
  return section('times', 'Time to acknowledge and to a final response', pair(chart, tableHtml));
}

const QUESTIONS: [keyof SatisfactionReport['scores'], string][] = [
  ['process', 'How we handled the complaint'],
  ['outcome', 'The outcome'],
  ['effort', 'How easy it was (higher is easier)'],
];

function scoreCell(figure: ScoreFigures): string {
  return figure.enoughData
    ? escapeHtml(`${Math.round(figure.mean * 10) / 10} of ${figure.scale}`)
    : notEnough(`not enough data (${figure.count} of at least ${figure.minimum})`);
}

const meanCell = (figure: MeanFigure, scale: number) =>
  figure.enoughData ? escapeHtml(`${Math.round(figure.mean * 10) / 10} of ${scale} (n = ${figure.count})`) : notEnough(`not enough data (${figure.count})`);

/** The satisfaction figures month by month: rates on a chart beside the deadlines met, every figure in the table. */
function satisfactionTrend(data: ReportPageData, months: string[]): string {
  const byMonth = new Map(data.satisfaction.trend.map((month) => [month.month, month]));
  if (byMonth.size === 0) return '';
  const rows = months.map((month) => ({ month, figures: byMonth.get(month) }));
  const percent = (rate: Rate | undefined) => (rate && rate.enoughData ? Math.round(rate.value * 100) : null);
  const series = [
    { name: 'Surveys answered', pick: (m: SatisfactionMonth) => m.responseRate },
    { name: 'Customers who said we kept our dates', pick: (m: SatisfactionMonth) => m.datesKept.customersSayKept },
    { name: 'Deadlines met on time', pick: (m: SatisfactionMonth) => m.datesKept.promisesMet },
  ];
  const text = series
    .map((line) => `${line.name}: ${rows.map((row) => `${monthInWords(row.month)} ${row.figures ? percentOf(line.pick(row.figures)) : 'none'}`).join('; ')}.`)
    .join(' ');
  const chart = chartFigure(
    percentLineChart(
      months.map(monthInWords),
      series.map((line) => ({ name: line.name, values: rows.map((row) => percent(row.figures && line.pick(row.figures))) })),
    ),
    `Line chart of the satisfaction survey by the month the complaint was received. ${text}`,
    'A gap in a line is a month with not enough answers or deadlines.',
  );
  const scale = (question: keyof SatisfactionReport['scores']) => data.satisfaction.scores[question].scale;
  const tableHtml = table(
    'Satisfaction by the month the complaint was received',
    ['Month', 'Handling', 'Outcome', 'Ease', 'Surveys answered', 'Said we kept our dates'],
    rows.map(({ month, figures }) =>
      figures
        ? [
            escapeHtml(monthInWords(month)),
            meanCell(figures.scores.process, scale('process')),
            meanCell(figures.scores.outcome, scale('outcome')),
            meanCell(figures.scores.effort, scale('effort')),
            figures.responseRate.enoughData ? escapeHtml(percentOf(figures.responseRate)) : notEnough(percentOf(figures.responseRate)),
            figures.datesKept.customersSayKept.enoughData ? escapeHtml(percentOf(figures.datesKept.customersSayKept)) : notEnough(percentOf(figures.datesKept.customersSayKept)),
          ]
        : [escapeHtml(monthInWords(month)), '—', '—', '—', '—', '—'],
    ),
  );
  return `<h3>By month</h3>\n${chart}\n${tableHtml}`;
}

function satisfactionSection(data: ReportPageData, months: string[]): string {
  const { scores, responseRates, datesKept } = data.satisfaction;
  const scoresTable = table(
    'Satisfaction scores',
    ['Question', 'Mean', 'Answers', 'Answers by score (1 up)'],
    QUESTIONS.map(([key, name]) => [escapeHtml(name), scoreCell(scores[key]), String(scores[key].count), escapeHtml(scores[key].distribution.map((d) => `${d.score}: ${d.count}`).join(', '))]),
    [2],
  );
  const responses =
    responseRates.length === 0
      ? '<p>No survey was sent about the complaints of this period.</p>'
      : table('Survey response rate by channel', ['Channel', 'Answered, of those sent'], responseRates.map((row) => [escapeHtml(data.labels.channel(row.channel)), rateCell(row.responseRate)]));
  const shown = responseRates.filter((row) => row.responseRate.enoughData);
  const chart =
    shown.length === 0
      ? ''
      : chartFigure(
          barChart(
            shown.map((row) => data.labels.channel(row.channel)),
            shown.map((row) => (row.responseRate.enoughData ? Math.round(row.responseRate.value * 100) : 0)),
            { horizontal: true, name: 'Response rate %' },
          ),
          `Bar chart of the survey response rate by channel. ${shown.map((row) => `${data.labels.channel(row.channel)}: ${percentOf(row.responseRate)}`).join('; ')}.`,
          'Surveys answered, in percent of those sent, by the channel they went by.',
        );
  const gap = table('Did we keep our dates?', ['Figure', 'Rate'], [
    ['Deadlines met on time', rateCell(datesKept.promisesMet)],
    ['Customers who said we kept our dates', rateCell(datesKept.customersSayKept)],
    ['Customers not sure', String(datesKept.notSure)],
    ['Gap, in points', datesKept.gapPoints === null ? notEnough('not enough data') : escapeHtml(`${Math.round(datesKept.gapPoints * 10) / 10}`)],
  ]);
  return section('satisfaction', 'Satisfaction', [scoresTable, chart ? pair(chart, responses) : responses, gap, satisfactionTrend(data, months)].join('\n'));
}

function filterForm(data: ReportPageData): string {
  const problem = (field: QueryProblem['field']) => data.problems.find((p) => p.field === field);
  const invalid = (field: QueryProblem['field']) => (problem(field) ? ` aria-invalid="true" aria-describedby="${field}-error"` : '');
  const errorText = (field: QueryProblem['field']) => (problem(field) ? `<span class="field-error" id="${field}-error">${escapeHtml(problem(field)?.message ?? '')}</span>` : '');
  const select = (field: 'category' | 'channel', title: string, options: { id: string; label: string }[]) => {
    const chosen = data.query[field];
    const known = options.some((o) => o.id === chosen) || !chosen ? options : [...options, { id: chosen, label: chosen }];
    return `<div class="field"><label for="${field}">${title}</label>${errorText(field)}<select id="${field}" name="${field}"${invalid(field)}>
<option value="">All</option>
${known.map((o) => `<option value="${escapeHtml(o.id)}"${o.id === chosen ? ' selected' : ''}>${escapeHtml(o.label)}</option>`).join('\n')}
</select></div>`;
  };
  return `<form method="get" action="/reports" class="filters" aria-label="Period and filters">
<div class="fields">
<div class="field"><label for="from">From <span class="hint">Month, such as 2026-01</span></label>${errorText('from')}<input id="from" name="from" type="month" value="${escapeHtml(data.query.fromMonth)}"${invalid('from')}></div>
<div class="field"><label for="to">To <span class="hint">Month, included</span></label>${errorText('to')}<input id="to" name="to" type="month" value="${escapeHtml(data.query.toMonth)}"${invalid('to')}></div>
${select('category', 'Category', data.categories)}
${select('channel', 'Channel', data.channels)}
<div class="field"><button type="submit">Show</button></div>
</div>
</form>`;
}

function errorSummary(problems: QueryProblem[]): string {
  if (problems.length === 0) return '';
  const items = problems.map((p) => `<li>${p.field === 'query' ? escapeHtml(p.message) : `<a href="#${p.field}">${escapeHtml(p.message)}</a>`}</li>`).join('\n');
  return `<div class="error-summary" role="alert" aria-labelledby="problem-title">
<h2 id="problem-title">There is a problem</h2>
<ul>\n${items}\n</ul>
<p>The figures below are for the last twelve months.</p>
</div>`;
}

function account(staff: SignedInStaff): string {
  const who = staff.via === 'shared' ? 'the shared staff key' : `${staff.staffId} (${staff.role}${staff.via === 'slack' ? ', through Slack' : ''})`;
  return `<nav class="account" aria-label="Account">
<p>Signed in as ${escapeHtml(who)}</p>
<form method="post" action="/reports/sign-out" class="inline"><input type="hidden" name="token" value="${escapeHtml(staff.signOutToken)}"><button type="submit" class="secondary">Sign out</button></form>
</nav>`;
}

function downloads(query: ReportQuery): string {
  const q = escapeHtml(reportQueryString(query));
  const link = (name: string, text: string) => `<li><a href="/reports/${name}.csv?${q}" download>${text} (CSV)</a></li>`;
  return `<section class="downloads" aria-labelledby="downloads">
<h2 id="downloads">Download the figures</h2>
<ul>
${link('promises', 'Promises met, overall and by month')}
${link('complaints', 'Complaints: volumes, rates and times')}
${link('satisfaction', 'Satisfaction')}
${link('disputes', 'Disputes')}
</ul>
</section>`;
}

/** The staff report page for the monthly management review: every chart with its words and its table. */
export function renderReportPage(code: CodeOfConduct, data: ReportPageData): string {
  const months = monthsBetween(data.query.fromMonth, data.query.toMonth);
  const filters = [
    data.query.category ? `category ${data.labels.category(data.query.category)}` : '',
    data.query.channel ? `channel ${data.labels.channel(data.query.channel)}` : '',
  ].filter(Boolean);
  const main = [
    account(data.staff),
    '<h1>Complaints report</h1>',
    `<p>Complaints received from ${escapeHtml(monthInWords(data.query.fromMonth))} to ${escapeHtml(monthInWords(data.query.toMonth))}${filters.length ? `, ${escapeHtml(filters.join(', '))}` : ''}. Figures as of ${escapeHtml(data.complaints.asOf.slice(0, 16).replace('T', ' '))} UTC; a rate or time from fewer than ${data.complaints.minimum} cases reads “not enough data”.</p>`,
    errorSummary(data.problems),
    filterForm(data),
    volumesSection(data, months),
    promisesSection(data, months),
    rootCauseSection(data),
    timesSection(data),
    satisfactionSection(data, months),
    downloads(data.query),
  ].join('\n');
  return renderPage(code, {
    title: 'Complaints report',
    head: `<meta name="robots" content="noindex"><style>${REPORT_PAGE_STYLES}</style>`,
    main,
    footer: `<p>${escapeHtml(code.organisation.name)} · complaints report for staff. Rates carry a 95% Wilson interval.</p>`,
    lang: 'en',
  });
}
