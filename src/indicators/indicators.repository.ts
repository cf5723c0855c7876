import { complaintWhere } from './complaint-filter.js';
import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import type { PromiseOutcomeCounts } from './promise-figures.js';

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

type Dialect = 'sqlite' | 'postgres';

/** The expressions the two dialects say differently. */
const DIALECT = {
  sqlite: {
    deadlines: 'complaints c, json_each(c.deadlines) d',
    field: (name: string) => `json_extract(d.value, '$.${name}')`,
    closure: (name: string) => `json_extract(c.closure, '$.${name}')`,
    seconds: (later: string, earlier: string) => `CAST(ROUND((julianday(${later}) - julianday(${earlier})) * 86400) AS integer)`,
  },
  postgres: {
    deadlines: 'complaints c CROSS JOIN LATERAL json_array_elements(CAST(c.deadlines AS json)) AS d(value)',
    field: (name: string) => `(d.value ->> '${name}')`,
    closure: (name: string) => `(CAST(c.closure AS json) ->> '${name}')`,
    seconds: (later: string, earlier: string) =>
      `CAST(ROUND(EXTRACT(EPOCH FROM (CAST(${later} AS timestamptz) - CAST(${earlier} AS timestamptz)))) AS integer)`,
  },
} satisfies Record<Dialect, unknown>;

const PERIOD: Record<Grouping, string> = {
  month: 'substr(c.received_at, 1, 7)',
  quarter: `substr(c.received_at, 1, 4) || '-Q' || CAST((CAST(substr(c.received_at, 6, 2) AS integer) + 2) / 3 AS varchar(1))`,
};

/** Workflow events that settle every deadline still running because the case ended, not because a promise was kept. */
const ENDING_EVENTS = `'complaint.withdrawn', 'complaint.closed'`;

/**
 * The indicators of the code of conduct's promises and of the complaints handled, counted by the database (GROUP BY
 * over the complaints, their deadlines and their workflow events): no case is loaded to compute them.
 */
@Injectable()
export class IndicatorsRepository {
  /** One prepared statement per text: the statements vary only with which filters and groupings a caller asks for. */
  private readonly statements = new Map<string, Sql>();

  constructor(private readonly db: DatabaseAccess) {}

  /**
   * Each promise's deadlines as of `asOf`: met (kept by its due time), missed (kept late, never kept, or overdue
   * now), pending (still running, or paused with the case while it waits for the customer) and not applicable (made
   * moot on time: settled by the case being withdrawn or closed before it was due, so nobody kept or broke it).
   */
  async promiseOutcomes(filter: IndicatorFilter, asOf: string, grouping?: Grouping): Promise<PromiseOutcomeCounts[]> {
    const sql = DIALECT[this.db.dialect];
    const due = sql.field('dueAt');
    const settled = sql.field('settledAt');
    const { where, params } = this.where(filter, true);
    const period = grouping ? PERIOD[grouping] : 'NULL';
    const text = `SELECT promise_id AS "promiseId", period,
        SUM(CASE WHEN outcome = 'met' THEN 1 ELSE 0 END) AS met,
        SUM(CASE WHEN outcome = 'missed' THEN 1 ELSE 0 END) AS missed,
        SUM(CASE WHEN outcome = 'pending' THEN 1 ELSE 0 END) AS pending,
        SUM(CASE WHEN outcome = 'not_applicable' THEN 1 ELSE 0 END) AS "notApplicable"
      FROM (
        SELECT ${sql.field('promiseId')} AS promise_id, ${period} AS period,
          CASE
            WHEN ${settled} IS NULL THEN
              CASE
                WHEN c.paused_at IS NOT NULL AND ${sql.field('runsWhilePaused')} IS NULL AND ${due} > c.paused_at THEN 'pending'
                WHEN ${due} < ? THEN 'missed'
                ELSE 'pending'
              END
            WHEN ${settled} > ${due} THEN 'missed'
            WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.type IN (${ENDING_EVENTS}) AND e.reference = c.reference AND e.at = ${settled})
              THEN 'not_applicable'
            ELSE 'met'
          END AS outcome
        FROM ${sql.deadlines}
        ${where}
      ) o
      GROUP BY promise_id, period
      ORDER BY promise_id, period`;
    const rows = await this.query<Record<keyof PromiseOutcomeCounts, string | number | null>>(text, [asOf, ...params]);
    return rows.map((row) => ({
      promiseId: String(row.promiseId),
      ...(grouping ? { period: String(row.period) } : {}),
      met: Number(row.met),
      missed: Number(row.missed),
      pending: Number(row.pending),
      notApplicable: Number(row.notApplicable),
    }));
  }

  /** How many complaints fall under each value of `dimension`, overall or by month received. */
  async volumes(dimension: Dimension, filter: IndicatorFilter, byMonth = false): Promise<VolumeCount[]> {
    const sql = DIALECT[this.db.dialect];
    const key = { category: 'c.category', channel: 'c.channel', rootCause: sql.closure('rootCause'), outcome: sql.closure('outcome') }[dimension];
    const { where, params } = this.where(filter, false);
    const month = byMonth ? `${PERIOD.month} AS month, ` : '';
    const text = `SELECT ${month}${key} AS key, COUNT(*) AS count FROM complaints c ${where}
      GROUP BY ${byMonth ? `${PERIOD.month}, ` : ''}${key}
      ORDER BY ${byMonth ? 'month, ' : ''}count DESC, (${key}) IS NULL, ${key}`;
    const rows = await this.query<{ key: string | null; count: string | number; month?: string }>(text, params);
    return rows.map((row) => ({ key: row.key, count: Number(row.count), ...(byMonth ? { month: String(row.month) } : {}) }));
  }

  /** Complaints received, and those ever ended, reopened and withdrawn, from their workflow events. */
  async caseCounts(filter: IndicatorFilter): Promise<CaseCounts> {
    const { where, params } = this.where(filter, false);
    const ever = (types: string) => `SUM(CASE WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.type IN (${types}) AND e.reference = c.reference) THEN 1 ELSE 0 END)`;
    const text = `SELECT COUNT(*) AS received, ${ever(ENDING_EVENTS)} AS ended, ${ever(`'complaint.reopened'`)} AS reopened,
        ${ever(`'complaint.withdrawn'`)} AS withdrawn
      FROM complaints c ${where}`;
    const [row] = await this.query<Record<keyof CaseCounts, string | number | null>>(text, params);
    return { received: Number(row.received), ended: Number(row.ended ?? 0), reopened: Number(row.reopened ?? 0), withdrawn: Number(row.withdrawn ?? 0) };
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

  /**
   * How many complaints have the duration in seconds: received to acknowledged, or received to the first final
   * response proposed (a reopened case's later answers do not count again). Elapsed time, not business time.
   */
  async durationCount(duration: Duration, filter: IndicatorFilter): Promise<number> {
    const { text, params } = this.durations(duration, filter);
    const [row] = await this.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM (${text}) t`, params);
    return Number(row.n);
  }

  /** The duration at a 0-based position among those of `durationCount`, shortest first. */
  async durationAt(duration: Duration, filter: IndicatorFilter, offset: number): Promise<number | undefined> {
    const { text, params } = this.durations(duration, filter);
    const rows = await this.query<{ seconds: string | number }>(`${text} ORDER BY seconds LIMIT 1 OFFSET ?`, [...params, offset]);
    return rows[0] ? Number(rows[0].seconds) : undefined;
  }

  private durations(duration: Duration, filter: IndicatorFilter): { text: string; params: unknown[] } {
    const sql = DIALECT[this.db.dialect];
    const { where, params } = this.where(filter, false);
    if (duration === 'acknowledge') {
      const text = `SELECT ${sql.seconds('c.acknowledged_at', 'c.received_at')} AS seconds FROM complaints c
        ${where ? `${where} AND` : 'WHERE'} c.acknowledged_at IS NOT NULL`;
      return { text, params };
    }
    const text = `SELECT ${sql.seconds('MIN(e.at)', 'c.received_at')} AS seconds
      FROM complaints c JOIN case_events e ON e.reference = c.reference AND e.type = 'complaint.response_proposed'
      ${where} GROUP BY c.reference, c.received_at`;
    return { text, params };
  }

  private where(filter: IndicatorFilter, withPromise: boolean): { where: string; params: unknown[] } {
    const promise: [string, unknown][] = withPromise ? [[`${DIALECT[this.db.dialect].field('promiseId')} = ?`, filter.promiseId]] : [];
    return complaintWhere(filter, [], promise);
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
