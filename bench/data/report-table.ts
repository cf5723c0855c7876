import type { Target, Timing } from './operations.js';

export interface Row {
  name: string;
  target: Target;
  /** By size, smallest first. */
  timings: Timing[];
}

/** The report targets: a report at the largest size must take less than this on SQLite (median). */
export const REPORT_LIMIT_MS = 300;
/** Lookups and lists at the largest size may cost at most this many times what they cost at the smallest. */
export const SCALE_LIMIT = 2;

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));

/** The size the targets are set at. */
export const TARGET_SIZE = 1_000_000;

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** Each target's verdict; below the size the targets are set at, what the largest size measured already shows. */
export function verdict(row: Row, engine: 'sqlite' | 'postgres', sizes: number[]): string {
  // the scaling target compares the target size with a tenth of it, when that was measured too
  const base = sizes.indexOf(TARGET_SIZE / 10);
  const small = row.timings[base > 0 && row.timings.length > base + 1 ? base : 0];
  const large = row.timings[row.timings.length - 1];
  const largest = sizes[row.timings.length - 1];
  if (!small || !large) return 'n/a';
  const atTarget = largest >= TARGET_SIZE;
  if (row.target === 'scales') {
    if (row.timings.length < 2) return `${label(TARGET_SIZE)} not measured`;
    const ratio = large.medianMs / small.medianMs;
    if (!atTarget) return `${ratio.toFixed(1)}× from ${label(sizes[0])} to ${label(largest)}; ${label(TARGET_SIZE)} not measured`;
    if (small === row.timings[0] && sizes[0] !== TARGET_SIZE / 10) return `${ratio.toFixed(1)}× from ${label(sizes[0])}; ${label(TARGET_SIZE / 10)} not measured`;
    return ratio <= SCALE_LIMIT ? `met (≤ ${SCALE_LIMIT}×)` : `NOT met (${ratio.toFixed(1)}× > ${SCALE_LIMIT}×)`;
  }
  const under = large.medianMs < REPORT_LIMIT_MS;
  if (engine !== 'sqlite') return `${under ? 'under' : 'over'} ${REPORT_LIMIT_MS} ms (the target is SQLite's)`;
  if (atTarget) return under ? `met (< ${REPORT_LIMIT_MS} ms)` : `NOT met (≥ ${REPORT_LIMIT_MS} ms)`;
  // a report reads every complaint in its window: it only grows with the table
  return under ? `under ${REPORT_LIMIT_MS} ms at ${label(largest)}; ${label(TARGET_SIZE)} not measured` : `NOT met: ≥ ${REPORT_LIMIT_MS} ms already at ${label(largest)}`;
}

/** A Markdown table: each operation's median and p90 per size, the ratio of the medians, and the verdict. */
export function table(engine: 'sqlite' | 'postgres', sizes: number[], rows: Row[]): string {
  // 1M against 100k when both ran, else the largest against the smallest
  const from = sizes.indexOf(TARGET_SIZE / 10) > 0 && sizes.length > sizes.indexOf(TARGET_SIZE / 10) + 1 ? sizes.indexOf(TARGET_SIZE / 10) : 0;
  const base = sizes[from];
  const header = ['operation', ...sizes.map((n) => `${label(n)} median / p90 ms`), ...(sizes.length > 1 ? [`${label(sizes[sizes.length - 1])} ÷ ${label(base)}`] : []), 'target'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) {
    const cells = row.timings.map((t) => `${ms(t.medianMs)} / ${ms(t.p90Ms)}${t.runs < 7 ? ` (${t.runs} run${t.runs === 1 ? '' : 's'})` : ''}`);
    const ratio = sizes.length > 1 && row.timings.length === sizes.length ? [`${(row.timings[row.timings.length - 1].medianMs / row.timings[from].medianMs).toFixed(1)}×`] : sizes.length > 1 ? ['–'] : [];
    lines.push(`| ${[row.name, ...cells, ...ratio, verdict(row, engine, sizes)].join(' | ')} |`);
  }
  return lines.join('\n');
}
