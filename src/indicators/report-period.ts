/**
 * How a report's period [from, to) splits into whole UTC months, counted from the monthly sums, and the parts of
 * months at its edges, counted from the rows. An open end stays open (null).
 */
export interface PeriodSplit {
  /** Months `YYYY-MM` in [from, to); null when the period holds no whole month. */
  months: { from: string | null; to: string | null } | null;
  /** Instant ranges [from, to) outside the whole months. */
  edges: { from: string; to: string }[];
}

function monthStart(month: string): string {
  return `${month}-01T00:00:00.000Z`;
}

/** `2027-01` of `2026-12`. */
export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
}

export function splitPeriod(from?: string, to?: string): PeriodSplit {
  const start = from ? new Date(from).toISOString() : null;
  const end = to ? new Date(to).toISOString() : null;
  if (start !== null && end !== null && start >= end) return { months: null, edges: [] };
  const firstWhole = start === null ? null : start === monthStart(start.slice(0, 7)) ? start.slice(0, 7) : nextMonth(start.slice(0, 7));
  const endWhole = end === null ? null : end.slice(0, 7);
  if (firstWhole !== null && endWhole !== null && firstWhole >= endWhole) {
    return { months: null, edges: [{ from: start as string, to: end as string }] };
  }
  const edges: PeriodSplit['edges'] = [];
  if (start !== null && firstWhole !== null && start !== monthStart(firstWhole)) edges.push({ from: start, to: monthStart(firstWhole) });
  if (end !== null && endWhole !== null && end !== monthStart(endWhole)) edges.push({ from: monthStart(endWhole), to: end });
  return { months: { from: firstWhole, to: endWhole }, edges };
}

/** `2026-Q3` of `2026-08`. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) + 2) / 3)}`;
}
