import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { bucketBounds, DURATION_BUCKETS } from './case-facts.js';
import { complaintWhere } from './complaint-filter.js';
import type { PromiseOutcomeCounts } from './promise-figures.js';
import { bucketSql, DURATION_COLUMN, ReportFactsRepository } from './report-facts.repository.js';
import { quarterOf, splitPeriod } from './report-period.js';
import { countsOf, volumesOf } from './case-tallies.js';

/** Which complaints a figure counts: those received in [from, to), of a category, a channel; deadlines of one promise. */
export interface IndicatorFilter {
  /** ISO 8601 UTC instant, inclusive. */
  from?: string;
  /** ISO 8601 UTC instant, exclusive. */
  to?: string;
  category?: string;
  channel?: string;
  /** Only for the promise figures. */
  promiseId?: string;
}

export type Dimension = 'category' | 'channel' | 'rootCause' | 'outcome';
export type Grouping = 'month' | 'quarter';

export interface VolumeCount {
  /** Null where the case has none: no root cause recorded, or no outcome because it is not closed. */
  key: string | null;
  count: number;
  month?: string;
}

export interface CaseCounts {
  received: number;
  /** Closed or withdrawn at least once: the cases that could be reopened. */
  ended: number;
  reopened: number;
  withdrawn: number;
}

export type Duration = 'acknowledge' | 'finalResponse';

/** The counts of the complaints one value of a dimension covers (or all of them), by the month they were received in. */
export interface CaseTally extends CaseCounts {
  month: string;
  key: string | null;
}

const KEY: Record<Dimension, string> = { category: 'category', channel: 'channel', rootCause: 'root_cause', outcome: 'outcome' };

/** A running deadline waits with its case: pending while paused unless its clock runs on or it was overdue before the pause. */
const PAUSED = 'paused_at IS NOT NULL AND runs_while_paused = 0 AND due_at > paused_at';

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The indicators of the code of conduct's promises and of the complaints handled. Whole months are summed from the
 * monthly sums (report_*_months, recomputed for a month when it changed), the parts of months at a period's edges
 * and the deadlines still running (whose outcome depends on the moment) are counted from the rows kept beside each
 * complaint (complaint_facts, case_deadlines). No case is loaded, and no JSON or history is read.
 */
@Injectable()
export class IndicatorsRepository {
  /** One prepared statement per text: the statements vary only with which filters and groupings a caller asks for. */
  private readonly statements = new Map<string, Sql>();

  constructor(
    private readonly db: DatabaseAccess,
    private readonly facts: ReportFactsRepository = new ReportFactsRepository(db),
  ) {}

  /**
   * Each promise's deadlines as of `asOf`: met (kept by its due time), missed (kept late, never kept, or overdue
   * now), pending (still running, or paused with the case while it waits for the customer) and not applicable (made
   * moot on time: settled by the case being withdrawn or closed before it was due, so nobody kept or broke it).
   */
  async promiseOutcomes(filter: IndicatorFilter, asOf: string, grouping?: Grouping): Promise<PromiseOutcomeCounts[]> {
    const split = splitPeriod(filter.from, filter.to);
    // only the months read from their sums need them up to date; the rest wait for a report that reads them
    if (split.months) await this.facts.refresh(split.months);
    const rows: { promiseId: string; month: string; met: number; missed: number; pending: number; notApplicable: number }[] = [];
    const add = (found: Record<string, string | number | null>[]) => {
      for (const row of found) {
        rows.push({
          promiseId: String(row.promiseId),
          month: String(row.month),
          met: Number(row.met ?? 0),
          missed: Number(row.missed ?? 0),
          pending: Number(row.pending ?? 0),
          notApplicable: Number(row.notApplicable ?? 0),
        });
      }
    };
    if (split.months) {
      const { where, params } = this.conditions(filter, { months: split.months, promise: true });
      add(await this.query(`SELECT promise_id AS "promiseId", month, SUM(met) AS met, SUM(missed) AS missed, SUM(not_applicable) AS "notApplicable"
        FROM report_promise_months ${where} GROUP BY promise_id, month`, params));
    }
    const outcome = (o: string) => `SUM(CASE WHEN outcome = '${o}' THEN 1 ELSE 0 END)`;
    for (const edge of split.edges) {
      const { where, params } = this.conditions(filter, { range: edge, promise: true, extra: ['settled_at IS NOT NULL'] });
      add(await this.query(`SELECT promise_id AS "promiseId", substr(received_at, 1, 7) AS month, ${outcome('met')} AS met, ${outcome('missed')} AS missed,
          ${outcome('not_applicable')} AS "notApplicable"
        FROM case_deadlines ${where} GROUP BY promise_id, substr(received_at, 1, 7)`, params));
    }
    const { where, params } = this.conditions(filter, { range: { from: filter.from, to: filter.to }, promise: true, extra: ['settled_at IS NULL'] });
    add(await this.query(`SELECT promise_id AS "promiseId", substr(received_at, 1, 7) AS month,
        SUM(CASE WHEN NOT (${PAUSED}) AND due_at < ? THEN 1 ELSE 0 END) AS missed,
        SUM(CASE WHEN NOT (${PAUSED}) AND due_at < ? THEN 0 ELSE 1 END) AS pending
      FROM case_deadlines ${where} GROUP BY promise_id, substr(received_at, 1, 7)`, [asOf, asOf, ...params]));

    const counts = new Map<string, PromiseOutcomeCounts>();
    for (const row of rows) {
      const period = grouping === 'month' ? row.month : grouping === 'quarter' ? quarterOf(row.month) : undefined;
      const key = `${row.promiseId}\u0000${period ?? ''}`;
      const sum = counts.get(key) ?? { promiseId: row.promiseId, ...(period === undefined ? {} : { period }), met: 0, missed: 0, pending: 0, notApplicable: 0 };
      sum.met += row.met;
      sum.missed += row.missed;
      sum.pending += row.pending;
      sum.notApplicable += row.notApplicable;
      counts.set(key, sum);
    }
    return [...counts.values()]
      .filter((c) => c.met + c.missed + c.pending + c.notApplicable > 0)
      .sort((a, b) => byCodePoint(a.promiseId, b.promiseId) || byCodePoint(a.period ?? '', b.period ?? ''));
  }

  /**
   * The complaints received, ever ended, reopened and withdrawn, by month received and by the value of `dimension`
   * (null where the case has none: no root cause recorded, or no outcome because it is not closed), or all together.
   */
  async caseTallies(dimension: Dimension | null, filter: IndicatorFilter): Promise<CaseTally[]> {
    const split = splitPeriod(filter.from, filter.to);
    // only the months read from their sums need them up to date; the rest wait for a report that reads them
    if (split.months) await this.facts.refresh(split.months);
    const key = dimension ? `COALESCE(${KEY[dimension]}, '')` : `''`;
    // PostgreSQL groups by no constant
    const groupKey = dimension ? `, ${key}` : '';
    const found: Record<string, string | number | null>[] = [];
    if (split.months) {
      // the sums keep root causes and outcomes in rows of their own; categories and channels are in every row
      const sums = dimension === 'rootCause' || dimension === 'outcome' ? dimension : 'all';
      const column = dimension === 'category' || dimension === 'channel' ? dimension : dimension ? 'value' : `''`;
      const grouped = dimension ? `, ${column}` : '';
      const { where, params } = this.conditions(filter, { months: split.months, extra: ['dimension = ?'] });
      found.push(...(await this.query<Record<string, string | number | null>>(
        `SELECT month, ${column} AS key, SUM(received) AS received, SUM(ended) AS ended, SUM(reopened) AS reopened, SUM(withdrawn) AS withdrawn
         FROM report_case_months ${where} GROUP BY month${grouped}`,
        [sums, ...params],
      )));
    }
    for (const edge of split.edges) {
      const { where, params } = this.conditions(filter, { range: edge });
      found.push(...(await this.query<Record<string, string | number | null>>(
        `SELECT substr(received_at, 1, 7) AS month, ${key} AS key, COUNT(*) AS received, SUM(ended) AS ended, SUM(reopened) AS reopened, SUM(withdrawn) AS withdrawn
         FROM complaint_facts ${where} GROUP BY substr(received_at, 1, 7)${groupKey}`,
        params,
      )));
    }
    const tallies = new Map<string, CaseTally>();
    for (const row of found) {
      const month = String(row.month);
      const value = row.key === null || row.key === '' ? null : String(row.key);
      const id = `${month}\u0000${value ?? ''}`;
      const tally = tallies.get(id) ?? { month, key: value, received: 0, ended: 0, reopened: 0, withdrawn: 0 };
      tally.received += Number(row.received ?? 0);
      tally.ended += Number(row.ended ?? 0);
      tally.reopened += Number(row.reopened ?? 0);
      tally.withdrawn += Number(row.withdrawn ?? 0);
      tallies.set(id, tally);
    }
    return [...tallies.values()];
  }

  /** How many complaints fall under each value of `dimension`, overall or by month received. */
  async volumes(dimension: Dimension, filter: IndicatorFilter, byMonth = false): Promise<VolumeCount[]> {
    return volumesOf(await this.caseTallies(dimension, filter), byMonth);
  }

  /** Complaints received, and those ever ended, reopened and withdrawn. */
  async caseCounts(filter: IndicatorFilter): Promise<CaseCounts> {
    return countsOf(await this.caseTallies(null, filter));
  }

  /**
   * How many complaints have the duration in each bucket of DURATION_BUCKETS: received to acknowledged, or received to
   * the first final response proposed (a reopened case's later answers do not count again). Elapsed time in whole
   * seconds, not business time.
   */
  async durationHistogram(duration: Duration, filter: IndicatorFilter): Promise<Map<number, number>> {
    const split = splitPeriod(filter.from, filter.to);
    // only the months read from their sums need them up to date; the rest wait for a report that reads them
    if (split.months) await this.facts.refresh(split.months);
    const column = DURATION_COLUMN[duration];
    const histogram = new Map<number, number>();
    const add = (rows: { bucket: string | number; n: string | number }[]) => {
      for (const row of rows) histogram.set(Number(row.bucket), (histogram.get(Number(row.bucket)) ?? 0) + Number(row.n));
    };
    if (split.months) {
      const { where, params } = this.conditions(filter, { months: split.months, extra: ['measure = ?'] });
      add(await this.query(`SELECT bucket, SUM(count) AS n FROM report_duration_months ${where} GROUP BY bucket`, [duration, ...params]));
    }
    for (const edge of split.edges) {
      const { where, params } = this.conditions(filter, { range: edge, extra: [`${column} IS NOT NULL`] });
      add(await this.query(`SELECT bucket, COUNT(*) AS n FROM (SELECT ${bucketSql(column)} AS bucket FROM complaint_facts ${where}) t GROUP BY bucket`, params));
    }
    return histogram;
  }

  /** How many complaints have the duration (see durationHistogram). */
  async durationCount(duration: Duration, filter: IndicatorFilter): Promise<number> {
    return [...(await this.durationHistogram(duration, filter)).values()].reduce((sum, n) => sum + n, 0);
  }

  /**
   * The duration at a 0-based position among those counted, shortest first: the histogram says which bucket holds
   * it, and the durations of that bucket are read in order from their index, so the value is exact.
   */
  async durationAt(duration: Duration, filter: IndicatorFilter, offset: number, histogram?: Map<number, number>): Promise<number | undefined> {
    const counts = histogram ?? (await this.durationHistogram(duration, filter));
    let below = 0;
    for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
      const n = counts.get(bucket) as number;
      if (offset >= below + n) {
        below += n;
        continue;
      }
      const { from, to } = bucketBounds(bucket);
      if (bucket > 0 && to - from === 1) return from;
      const column = DURATION_COLUMN[duration];
      const bounds = [...(bucket > 0 ? [`${column} >= ${from}`] : []), ...(bucket < DURATION_BUCKETS.length - 1 ? [`${column} < ${to}`] : []), `${column} IS NOT NULL`];
      const { where, params } = this.conditions(filter, { range: { from: filter.from, to: filter.to }, extra: bounds });
      const rows = await this.query<{ seconds: string | number }>(`SELECT ${column} AS seconds FROM complaint_facts ${where} ORDER BY ${column} LIMIT 1 OFFSET ?`, [...params, offset - below]);
      return rows[0] ? Number(rows[0].seconds) : undefined;
    }
    return undefined;
  }

  /**
   * How many complaints were closed in [from, to) (by when they were closed, not received), of a category and a
   * channel; a complaint closed, reopened and closed again in the period counts once.
   */
  async closedCount(period: { from: string; to: string; category?: string; channel?: string }): Promise<number> {
    const { where, params } = complaintWhere({ category: period.category, channel: period.channel }, [
      `EXISTS (SELECT 1 FROM case_events e WHERE e.reference = c.reference AND e.type = 'complaint.closed' AND e.at >= ? AND e.at < ?)`,
    ]);
    const [row] = await this.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM complaints c ${where}`, [period.from, period.to, ...params]);
    return Number(row.n);
  }

  /** The WHERE clause over the monthly sums (`months`) or the rows (`range` of received instants), with the filters. */
  private conditions(
    filter: IndicatorFilter,
    scope: { months?: { from: string | null; to: string | null }; range?: { from?: string; to?: string }; promise?: boolean; extra?: string[] },
  ): { where: string; params: unknown[] } {
    const all = [...(scope.extra ?? [])];
    const params: unknown[] = [];
    const pairs: [string, unknown][] = [
      ['month >= ?', scope.months?.from],
      ['month < ?', scope.months?.to],
      ['received_at >= ?', scope.range?.from],
      ['received_at < ?', scope.range?.to],
      ['category = ?', filter.category],
      ['channel = ?', filter.channel],
      ['promise_id = ?', scope.promise ? filter.promiseId : undefined],
    ];
    for (const [condition, value] of pairs) {
      if (!value) continue;
      all.push(condition);
      params.push(value);
    }
    return { where: all.length > 0 ? `WHERE ${all.join(' AND ')}` : '', params };
  }

  private async query<T>(text: string, params: unknown[]): Promise<T[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = new Sql(text);
      this.statements.set(text, statement);
    }
    return (await this.db.sql<T>(statement, params)).rows;
  }
}
