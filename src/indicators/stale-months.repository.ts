import type { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import type { MonthSpan } from './monthly-sums.js';

/** One statement of a month's recompute: a delete given the month, or an insert given the month and its range. */
export interface MonthRefresh {
  statement: Sql;
  range: boolean;
}

/** [start of month, start of the next) as instants. */
export function monthRange(month: string): [string, string] {
  const [year, m] = month.split('-').map(Number);
  return [new Date(Date.UTC(year, m - 1, 1)).toISOString(), new Date(Date.UTC(year, m, 1)).toISOString()];
}

/**
 * The stale marks of one kind of monthly sums (rows of `table`, narrowed by `scope` where the table holds several
 * kinds) and how its stale months are recomputed. The statements for each shape of period are made once.
 */
export class StaleMonths {
  private readonly variants: { from: boolean; to: boolean; any: Sql; take: Sql }[];

  constructor(
    table: string,
    private readonly lock: Sql,
    scope: string[] = [],
  ) {
    const marks = (from: boolean, to: boolean, take: boolean) => {
      const where = [...scope, ...(from ? ['month >= ?'] : []), ...(to ? ['month < ?'] : [])];
      const condition = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
      return new Sql(take ? `DELETE FROM ${table}${condition} RETURNING month` : `SELECT id FROM ${table}${condition} LIMIT 1`);
    };
    this.variants = [false, true].flatMap((from) => [false, true].map((to) => ({ from, to, any: marks(from, to, false), take: marks(from, to, true) })));
  }

  /**
   * Recomputes every month (within the whole months `within`) marked stale since the last time, in one transaction
   * (one at a time across instances on PostgreSQL). The marks are taken before the rows are read: a write committed
   * meanwhile leaves its mark, and its month is recomputed again next time.
   */
  async refresh(db: DatabaseAccess, within: MonthSpan, refreshes: readonly MonthRefresh[], scopeParams: unknown[] = []): Promise<void> {
    const stale = this.variants.find((v) => v.from === (within.from !== null) && v.to === (within.to !== null))!;
    const bounds = [...scopeParams, ...[within.from, within.to].filter((bound) => bound !== null)];
    if ((await db.sql(stale.any, bounds)).rows.length === 0) return;
    await db.transaction(async () => {
      await db.sql(this.lock);
      const months = new Set((await db.sql<{ month: string }>(stale.take, bounds)).rows.map((row) => row.month));
      for (const month of [...months].sort()) {
        const [from, to] = monthRange(month);
        for (const { statement, range } of refreshes) await db.sql(statement, range ? [month, from, to] : [month]);
      }
    });
  }
}
