import { stringify } from 'csv-stringify/sync';
import type { PromiseFigures } from './promise-figures.js';
import type { Rate } from './rate.js';
import type { ComplaintReport, PromiseReport } from './indicators.service.js';
import type { DisputeReport } from './dispute-report.service.js';
import type { SatisfactionReport } from './satisfaction-report.service.js';
import type { DurationFigures } from './promise-figures.js';

const NOT_ENOUGH = 'not enough data';

/** A share as a proportion to four places, or the words that stand for it below the minimum. */
function share(figure: Rate): [string | number, string | number, string | number] {
  if (!figure.enoughData) return [NOT_ENOUGH, '', ''];
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return [round(figure.value), round(figure.interval.low), round(figure.interval.high)];
}

/** A staff-typed value starting with = + - or @ would run as a formula in a spreadsheet: kept as text instead. */
function spreadsheetSafe(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

const PROMISE_COLUMNS = [
  'period',
  'promise_id',
  'deadlines',
  'met',
  'missed',
  'pending',
  'not_applicable',
  'met_rate',
  'met_rate_ci95_low',
  'met_rate_ci95_high',
];

/** One row per promise (and per period of the trend, after the overall rows): counts, and % met of those decided. */
export function promiseReportCsv(report: PromiseReport): string {
  const row = (figures: PromiseFigures) => {
    const { met, missed, pending, notApplicable } = figures.shares;
    return [figures.period ?? 'all', figures.promiseId, figures.deadlines, met.successes, missed.successes, pending.successes, notApplicable.successes, ...share(figures.met)];
  };
  const rows = [...report.promises.map(row), ...(report.trend ?? []).map(row)];
  return stringify(rows, { header: true, columns: PROMISE_COLUMNS });
}

const COMPLAINT_COLUMNS = ['figure', 'month', 'key', 'label', 'count', 'value', 'ci95_low', 'ci95_high'];
const FIGURE_NAMES = { category: 'category', channel: 'channel', rootCause: 'root_cause', outcome: 'outcome' } as const;

/**
 * The complaints report in long form, one figure per row: volumes (`volume_by_…`, overall and by month, the key's
 * label from the code of conduct beside it), the reopen and withdrawal rates (a proportion with its interval, over
 * `count` cases), and the times in seconds.
 */
export function complaintReportCsv(report: ComplaintReport): string {
  const rows: (string | number)[][] = [['received', 'all', '', '', report.received, '', '', '']];
  const rateRow = (name: string, figure: Rate) => [name, 'all', '', '', figure.count, ...share(figure)];
  rows.push(rateRow('reopen_rate', report.reopenRate), rateRow('withdrawal_rate', report.withdrawalRate));
  const durationRows = (name: string, figure: DurationFigures) =>
    figure.enoughData
      ? [
          [`${name}_median_seconds`, 'all', '', '', figure.count, figure.medianSeconds, '', ''],
          [`${name}_p90_seconds`, 'all', '', '', figure.count, figure.p90Seconds, '', ''],
        ]
      : [
          [`${name}_median_seconds`, 'all', '', '', figure.count, NOT_ENOUGH, '', ''],
          [`${name}_p90_seconds`, 'all', '', '', figure.count, NOT_ENOUGH, '', ''],
        ];
  rows.push(...durationRows('time_to_acknowledge', report.timeToAcknowledge), ...durationRows('time_to_final_response', report.timeToFinalResponse));
  for (const [dimension, name] of Object.entries(FIGURE_NAMES) as [keyof typeof FIGURE_NAMES, string][]) {
    rows.push(...report.volumes[dimension].map(({ key, label, count }) => [`volume_by_${name}`, 'all', spreadsheetSafe(key), spreadsheetSafe(label), count, '', '', '']));
    rows.push(...report.monthly[dimension].map(({ month, key, label, count }) => [`volume_by_${name}`, month, spreadsheetSafe(key), spreadsheetSafe(label), count, '', '', '']));
  }
  return stringify(rows, { header: true, columns: COMPLAINT_COLUMNS });
}

const SATISFACTION_COLUMNS = ['figure', 'month', 'key', 'count', 'value', 'ci95_low', 'ci95_high'];

/**
 * The satisfaction report in long form: each question's mean (`value`, over `count` answers) and the count of each
 * score (`key`), each channel's response rate and all channels' (`key` empty), the two sides of "did we keep our
 * dates" and the gap in points; `month` is `all` for the whole period, then the same figures month by month.
 */
export function satisfactionReportCsv(report: SatisfactionReport): string {
  const rows: (string | number)[][] = [];
  const mean = (value: number) => Math.round(value * 10_000) / 10_000;
  const datesRows = (month: string, { promisesMet, customersSayKept, notSure, gapPoints }: SatisfactionReport['datesKept']) => [
    ['promises_met_rate', month, '', promisesMet.count, ...share(promisesMet)],
    ['customers_say_dates_kept_rate', month, '', customersSayKept.count, ...share(customersSayKept)],
    ['customers_not_sure_dates_kept', month, '', notSure, '', '', ''],
    ['dates_kept_gap_points', month, '', '', gapPoints === null ? NOT_ENOUGH : Math.round(gapPoints * 100) / 100, '', ''],
  ];
  for (const [question, figures] of Object.entries(report.scores)) {
    rows.push([`${question}_score_mean`, 'all', '', figures.count, figures.enoughData ? mean(figures.mean) : NOT_ENOUGH, '', '']);
    rows.push(...figures.distribution.map(({ score, count }) => [`${question}_score_count`, 'all', score, count, '', '', '']));
  }
  rows.push(...report.responseRates.map(({ channel, responseRate }) => ['response_rate', 'all', spreadsheetSafe(channel), responseRate.count, ...share(responseRate)]));
  rows.push(['response_rate', 'all', '', report.responseRate.count, ...share(report.responseRate)]);
  rows.push(...datesRows('all', report.datesKept));
  for (const month of report.trend) {
    for (const [question, figure] of Object.entries(month.scores)) {
      rows.push([`${question}_score_mean`, month.month, '', figure.count, figure.enoughData ? mean(figure.mean) : NOT_ENOUGH, '', '']);
    }
    rows.push(['response_rate', month.month, '', month.responseRate.count, ...share(month.responseRate)]);
    rows.push(...datesRows(month.month, month.datesKept));
  }
  return stringify(rows, { header: true, columns: SATISFACTION_COLUMNS });
}

/** The disputes report, one figure a row: rates as proportions with their interval over `count`, days as a mean. */
export function disputeReportCsv(report: DisputeReport): string {
  const { daysToImplement: days } = report;
  const rows: (string | number)[][] = [
    ['offered', report.offered, '', '', ''],
    ['consent_rate', report.consentRate.count, ...share(report.consentRate)],
    ['referral_rate', report.referralRate.count, ...share(report.referralRate)],
    ['uphold_rate', report.upholdRate.count, ...share(report.upholdRate)],
    ['mean_days_to_implement_remedy', days.count, days.enoughData ? Math.round(days.mean * 100) / 100 : NOT_ENOUGH, '', ''],
  ];
  return stringify(rows, { header: true, columns: ['figure', 'count', 'value', 'ci95_low', 'ci95_high'] });
}
