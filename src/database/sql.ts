import type BetterSqlite3 from 'better-sqlite3';
import type { EntityManager } from 'typeorm';

export interface SqlResult<T> {
  rows: T[];
  /** Rows the statement changed (an INSERT, UPDATE or DELETE), or returned (a SELECT, or `RETURNING`). */
  affected: number;
}

/**
 * One statement, written by hand for the work every customer turn does (a message stored, a turn claimed, dialog
 * state read and written, a reply appended, the outbox drained). TypeORM's find, update and insert builders spend
 * far longer building, escaping and mapping a query than SQLite spends running it, and they write numbers into the
 * SQL text, so each new id or sequence number is a statement to prepare again.
 *
 * Written once with `?` placeholders, which PostgreSQL gets as `$1`, `$2`, …; a statement the two dialects say
 * differently takes the PostgreSQL text as its second argument. On SQLite it runs as a prepared statement of
 * better-sqlite3 on TypeORM's own connection, so TypeORM's query logging does not see it.
 */
export class Sql {
  private readonly postgres: string;
  /**
   * A query (SELECT, WITH): the only statements a read-only connection is given. SQLite calls a PRAGMA such as
   * `optimize` read-only too, which on a read-only connection would quietly do nothing.
   */
  private readonly query: boolean;
  private readonly prepared = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

  constructor(
    private readonly sqlite: string,
    postgres?: string,
  ) {
    let n = 0;
    this.postgres = postgres ?? sqlite.replace(/\?/g, () => `$${++n}`);
    this.query = /^\s*(SELECT|WITH)\b/i.test(sqlite);
  }

  /** Runs the statement on the manager's connection: inside its transaction when it has one. */
  async run<T = Record<string, unknown>>(manager: EntityManager, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const { connection } = manager;
    if (connection.options.type === 'better-sqlite3') {
      // TypeORM's one SQLite connection: a transaction open on it (the unit of work's) includes this statement.
      const { databaseConnection } = connection.driver as unknown as { databaseConnection: BetterSqlite3.Database };
      return this.runOnSqlite<T>(databaseConnection, params);
    }
    const runner = manager.queryRunner ?? connection.createQueryRunner();
    try {
      const result = await runner.query(this.postgres, [...params], true);
      const rows = (result.records ?? []) as T[];
      return { rows, affected: result.affected ?? rows.length };
    } finally {
      if (runner !== manager.queryRunner) await runner.release();
    }
  }

  /** On a second, read-only SQLite connection: the result when the statement is a query that only reads, else undefined. */
  readOnly<T = Record<string, unknown>>(db: BetterSqlite3.Database, params: readonly unknown[]): SqlResult<T> | undefined {
    if (!this.query) return undefined;
    const statement = this.preparedOn(db);
    return statement.readonly ? this.runPrepared<T>(statement, params) : undefined;
  }

  private runOnSqlite<T>(db: BetterSqlite3.Database, params: readonly unknown[]): SqlResult<T> {
    return this.runPrepared<T>(this.preparedOn(db), params);
  }

  private preparedOn(db: BetterSqlite3.Database): BetterSqlite3.Statement {
    let statement = this.prepared.get(db);
    if (!statement) {
      statement = db.prepare(this.sqlite);
      this.prepared.set(db, statement);
    }
    return statement;
  }

  private runPrepared<T>(statement: BetterSqlite3.Statement, params: readonly unknown[]): SqlResult<T> {
    // SQLite has no booleans: TypeORM stores them as 1 and 0
    const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    if (statement.reader) {
      const rows = statement.all(...values) as T[];
      return { rows, affected: rows.length };
    }
    return { rows: [], affected: statement.run(...values).changes };
  }
}

/** A statement over a list of values (`IN (…)`), written once for each length of list it meets. */
export class SqlForLists {
  private readonly written = new Map<number, Sql>();

  /** `write` gets the placeholders for one list, `?, ?, ?`, and returns the statement. */
  constructor(private readonly write: (placeholders: string) => string) {}

  for(count: number): Sql {
    let statement = this.written.get(count);
    if (!statement) {
      statement = new Sql(this.write(Array(count).fill('?').join(', ')));
      this.written.set(count, statement);
    }
    return statement;
  }
}
