/** A month as the form's `<input type="month">` sends it. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/u;
const SLUG = /^[a-z0-9_]+(?:-[a-z0-9_]+)*$/u;

/** What the report page was asked for, as the form shows it back, and the filter the indicators take. */
export interface ReportQuery {
  /** First month counted, `2026-01`. */
  fromMonth: string;
  /** Last month counted, included. */
  toMonth: string;
  category?: string;
  channel?: string;
  /** Complaints received in [from, to), ISO 8601 UTC: the first instant of fromMonth to the first after toMonth. */
  filter: { from: string; to: string; category?: string; channel?: string };
}

export interface QueryProblem {
  field: 'from' | 'to' | 'category' | 'channel' | 'query';
  message: string;
}

export type ParsedReportQuery = { ok: true; query: ReportQuery } | { ok: false; problems: QueryProblem[]; query: ReportQuery };

/** Months are counted in UTC, as the indicators group complaints by the UTC month they were received in. */
function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The twelve months up to and including the current one: the default of the monthly review. */
export function defaultPeriod(now: Date): { fromMonth: string; toMonth: string } {
  const toMonth = monthOf(now);
  return { fromMonth: addMonths(toMonth, -11), toMonth };
}

/** Every month from `fromMonth` to `toMonth`, both included. */
export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const months: string[] = [];
  for (let month = fromMonth; month <= toMonth && months.length < 1200; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The longest period one page shows: ten years of months is already more than a chart can hold legibly. */
export const MAX_MONTHS = 120;

function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return single(value[value.length - 1]);
  return typeof value === 'string' ? value.trim() : undefined;
}

function build(fromMonth: string, toMonth: string, category?: string, channel?: string): ReportQuery {
  const filter = {
    from: `${fromMonth}-01T00:00:00.000Z`,
    to: `${addMonths(toMonth, 1)}-01T00:00:00.000Z`,
    ...(category ? { category } : {}),
    ...(channel ? { channel } : {}),
  };
  return { fromMonth, toMonth, ...(category ? { category } : {}), ...(channel ? { channel } : {}), filter };
}

/**
 * The report page's GET form read strictly: months as `YYYY-MM`, a blank field meaning its default (the last twelve
 * months, every category, every channel). Anything else is a problem named by its field, and the page then shows the
 * default period with the problems beside the form rather than figures for something nobody asked for.
 */
export function parseReportQuery(raw: Record<string, unknown>, now: Date): ParsedReportQuery {
  const problems: QueryProblem[] = [];
  const fallback = defaultPeriod(now);
  const unknown = Object.keys(raw).filter((key) => !['from', 'to', 'category', 'channel'].includes(key));
  if (unknown.length > 0) problems.push({ field: 'query', message: `This page takes no ${unknown.map((key) => `“${key}”`).join(', ')}.` });

  const month = (field: 'from' | 'to', fallbackMonth: string): string => {
    const value = single(raw[field]);
    if (!value) return fallbackMonth;
    if (!MONTH.test(value)) {
      problems.push({ field, message: `Enter the ${field === 'from' ? 'first' : 'last'} month as a year and month, such as 2026-01.` });
      return fallbackMonth;
    }
    return value;
  };
  let fromMonth = month('from', fallback.fromMonth);
  let toMonth = month('to', fallback.toMonth);
  if (fromMonth > toMonth) {
    problems.push({ field: 'to', message: 'The last month must be the same as the first month or after it.' });
  } else if (monthsBetween(fromMonth, toMonth).length > MAX_MONTHS) {
    problems.push({ field: 'from', message: `Choose a period of at most ${MAX_MONTHS} months.` });
  }

  const slug = (field: 'category' | 'channel'): string | undefined => {
    const value = single(raw[field]);
    if (!value) return undefined;
    if (value.length > 64 || !SLUG.test(value)) {
      problems.push({ field, message: `Choose a ${field} from the list.` });
      return undefined;
    }
    return value;
  };
  const category = slug('category');
  const channel = slug('channel');

  if (problems.length > 0) {
    ({ fromMonth, toMonth } = fallback);
    return { ok: false, problems, query: build(fromMonth, toMonth, category, channel) };
  }
  return { ok: true, query: build(fromMonth, toMonth, category, channel) };
}

/** The query string that asks for the same report (for the CSV links). */
export function reportQueryString(query: ReportQuery): string {
  const params = new URLSearchParams({ from: query.fromMonth, to: query.toMonth });
  if (query.category) params.set('category', query.category);
  if (query.channel) params.set('channel', query.channel);
  return params.toString();
}
