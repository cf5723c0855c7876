import { join } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { DataSource, type EntityMetadata } from 'typeorm';
import { APP_SCHEMA } from '../../src/app.module.js';
import { CaseEventRecord } from '../../src/audit/case-event.entity.js';
import { CaseSealRecord } from '../../src/audit/case-seal.entity.js';
import { ComplaintRecord } from '../../src/complaints/complaint.entity.js';
import { dataSourceOptions } from '../../src/database/data-source.options.js';
import { DisputeRecord } from '../../src/disputes/dispute.entity.js';
import { SurveyResponseRecord } from '../../src/satisfaction/survey-response.entity.js';
import { SurveyRecord } from '../../src/satisfaction/survey.entity.js';
import { CaseDeadlineRecord } from '../../src/indicators/case-deadline.entity.js';
import { caseFacts } from '../../src/indicators/case-facts.js';
import { ComplaintFactsRecord } from '../../src/indicators/complaint-facts.entity.js';
import { STALE_EVERY_MONTH } from '../../src/indicators/survey-dispute-sums.repository.js';
import { ReceivedDates, seedCase, type SeededCase, type SeedSummary } from './seed-plan.js';

export interface SeedTarget {
  /** The SQLite file's directory; also where the app keeps its other files. */
  dataDir: string;
  /** A PostgreSQL database to seed instead of SQLite. */
  databaseUrl?: string;
}

/** A table as the app's entity maps it: which property fills which column, and how it is stored. */
interface Table {
  name: string;
  columns: { name: string; property: string; json: boolean; boolean: boolean; pgType: string; fallback: unknown }[];
}

function tableOf(metadata: EntityMetadata): Table {
  const columns = metadata.columns
    .filter((column) => !column.isGenerated)
    .map((column) => {
      // a version column's type is the Number constructor
      const type = typeof column.type === 'function' ? column.type.name.toLowerCase() : String(column.type);
      const pgType = ['integer', 'int', 'number'].includes(type) ? 'integer' : type === 'boolean' ? 'boolean' : 'text';
      // what the database would fill in for a column the row leaves out
      const fallback = typeof column.default === 'function' ? null : (column.default ?? null);
      return { name: column.databaseName, property: column.propertyName, json: type === 'simple-json', boolean: type === 'boolean', pgType, fallback };
    });
  return { name: metadata.tableName, columns };
}

function valuesOf(table: Table, row: object, sqlite: boolean): unknown[] {
  const source = row as Record<string, unknown>;
  return table.columns.map((column) => {
    const value = source[column.property] === undefined ? column.fallback : source[column.property];
    if (value === undefined || value === null) return null;
    if (column.json) return JSON.stringify(value);
    if (column.boolean && sqlite) return value ? 1 : 0;
    return value;
  });
}

const CASE_EVENT_DEFAULTS = { erasedAt: null };

/** The rows one batch of seeded cases writes, table by table, as entity objects. */
function rowsOf(cases: SeededCase[]): Map<string, object[]> {
  const rows = new Map<string, object[]>([
    ['complaints', []],
    ['case_events', []],
    ['case_seals', []],
    ['satisfaction_surveys', []],
    ['satisfaction_responses', []],
    ['disputes', []],
    ['complaint_facts', []],
    ['case_deadlines', []],
  ]);
  for (const seeded of cases) {
    rows.get('complaints')?.push(seeded.record);
    // what ComplaintsService writes beside the case for the reports, from the case and its whole history
    const { facts, deadlines } = caseFacts(seeded.record.toDomain(), seeded.events);
    rows.get('complaint_facts')?.push(ComplaintFactsRecord.of(facts));
    for (const deadline of deadlines) rows.get('case_deadlines')?.push(CaseDeadlineRecord.of(deadline));
    for (const event of seeded.events) rows.get('case_events')?.push({ ...event, ...CASE_EVENT_DEFAULTS });
    rows.get('case_seals')?.push(seeded.seal);
    if (seeded.survey) rows.get('satisfaction_surveys')?.push(seeded.survey);
    if (seeded.response) rows.get('satisfaction_responses')?.push(seeded.response);
    if (seeded.dispute) rows.get('disputes')?.push(seeded.dispute);
  }
  return rows;
}

class Tally {
  readonly summary: Omit<SeedSummary, 'receivedSince'> = { complaints: 0, events: 0, byStatus: {}, overdue: 0, surveysSent: 0, responses: 0, disputes: 0 };
  private readonly received: number[] = [];

  constructor(private readonly now: string) {}

  add(seeded: SeededCase): void {
    const s = this.summary;
    s.complaints++;
    s.events += seeded.events.length;
    s.byStatus[seeded.record.status] = (s.byStatus[seeded.record.status] ?? 0) + 1;
    if (seeded.record.nextDueAt !== null && seeded.record.nextDueAt <= this.now) s.overdue++;
    if (seeded.survey?.sentAt) s.surveysSent++;
    if (seeded.response) s.responses++;
    if (seeded.dispute) s.disputes++;
    this.received.push(Date.parse(seeded.record.receivedAt));
  }

  result(): SeedSummary {
    const received = this.received;
    return { ...this.summary, receivedSince: (from) => received.filter((t) => t >= Date.parse(from)).length };
  }
}

const BATCH = 5000;

const ENTITIES = [ComplaintRecord, CaseEventRecord, CaseSealRecord, SurveyRecord, SurveyResponseRecord, DisputeRecord, ComplaintFactsRecord, CaseDeadlineRecord];

/** As every complaint written marks its month for the reports' monthly sums, so does a seeded one: the first report sums them. */
export const MARK_MONTHS = ['INSERT INTO report_stale_months (month) SELECT DISTINCT substr(received_at, 1, 7) FROM complaint_facts', ...STALE_EVERY_MONTH];

/**
 * Seeds `size` complaints received over the three years before `now` into the app's own schema (its migrations run
 * first, as at a start), in large transactions: prepared statements on SQLite, multi-row INSERT … SELECT FROM
 * unnest(…) on PostgreSQL, each batch sent while the next is generated.
 */
export async function seed(target: SeedTarget, size: number, now: Date, auditKey: string, progress?: (done: number) => void): Promise<SeedSummary> {
  const dataSource = new DataSource(dataSourceOptions({ DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl }, APP_SCHEMA));
  await dataSource.initialize();
  try {
    const tables = new Map(
      ENTITIES.map((entity) => {
        const table = tableOf(dataSource.getMetadata(entity));
        return [table.name, table] as const;
      }),
    );
    const writer = target.databaseUrl ? await postgresWriter(target.databaseUrl, tables) : sqliteWriter(dataSource, tables);
    const dates = new ReceivedDates(now.getTime());
    const tally = new Tally(now.toISOString());
    try {
      for (let start = 0; start < size; start += BATCH) {
        const cases: SeededCase[] = [];
        for (let i = start; i < Math.min(size, start + BATCH); i++) {
          const seeded = seedCase(i, now.getTime(), dates, auditKey);
          tally.add(seeded);
          cases.push(seeded);
        }
        const values = new Map<string, unknown[][]>();
        for (const [name, list] of rowsOf(cases)) {
          const table = tables.get(name) as Table;
          values.set(name, list.map((row) => valuesOf(table, row, !target.databaseUrl)));
        }
        await writer.write(values);
        progress?.(Math.min(size, start + BATCH));
      }
      await writer.finish();
    } finally {
      await writer.close();
    }
    for (const statement of MARK_MONTHS) await dataSource.query(statement);
    return tally.result();
  } finally {
    await dataSource.destroy();
  }
}

interface Writer {
  /** Starts writing a batch (rows of values in the table's column order); on PostgreSQL returns before it is written. */
  write(rows: Map<string, unknown[][]>): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

function sqliteWriter(dataSource: DataSource, tables: Map<string, Table>): Writer {
  const { databaseConnection: db } = dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database };
  // A throwaway file: nothing to lose in a crash, so the disk is not waited for and no page is written twice (to the
  // write-ahead log, then to the file). The app opens it in WAL mode again.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const statements = new Map(
    [...tables.values()].map((table) => [
      table.name,
      db.prepare(`INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`),
    ]),
  );
  const insert = db.transaction((rows: Map<string, unknown[][]>) => {
    for (const [name, list] of rows) {
      const statement = statements.get(name) as BetterSqlite3.Statement;
      for (const row of list) statement.run(...row);
    }
  });
  return {
    write: async (rows) => {
      insert(rows);
    },
    finish: async () => {
      db.pragma('journal_mode = WAL');
    },
    close: async () => {
      db.pragma('synchronous = FULL');
    },
  };
}

async function postgresWriter(url: string, tables: Map<string, Table>): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // the arrays take the columns' own types, as the migrations made them
  const { rows: types } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  for (const table of tables.values()) {
    for (const column of table.columns) {
      const type = types.find((t) => t.table_name === table.name && t.column_name === column.name)?.data_type;
      column.pgType = type === 'integer' || type === 'boolean' || type === 'bigint' ? type : 'text';
    }
  }
  let pending: Promise<unknown> = Promise.resolve();
  const send = async (rows: Map<string, unknown[][]>) => {
    await client.query('BEGIN');
    for (const [name, list] of rows) {
      if (list.length === 0) continue;
      const table = tables.get(name) as Table;
      const columns = table.columns.map((_, i) => list.map((row) => row[i]));
      const unnest = table.columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ');
      await client.query(`INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${unnest})`, columns);
    }
    await client.query('COMMIT');
  };
  return {
    write: async (rows) => {
      await pending;
      pending = send(rows);
      // a failure surfaces at the next write or at finish
      pending.catch(() => undefined);
    },
    finish: async () => {
      await pending;
      // what autovacuum would have done by the time a real table got this big
      await client.query('VACUUM ANALYZE');
    },
    close: () => client.end(),
  };
}

/**
 * Copies a seeded SQLite database into an empty PostgreSQL database (its migrations run first), row for row: the same
 * complaints on both engines, and the cost of generating them paid once.
 */
export async function copyToPostgres(sqliteDir: string, databaseUrl: string, progress?: (table: string, rows: number) => void): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions({ DATA_DIR: sqliteDir, DATABASE_URL: databaseUrl }, APP_SCHEMA));
  await dataSource.initialize();
  const source = new Database(join(sqliteDir, 'redress.sqlite'), { readonly: true });
  try {
    const tables = new Map(
      ENTITIES.map((entity) => {
        const table = tableOf(dataSource.getMetadata(entity));
        return [table.name, table] as const;
      }),
    );
    const writer = await postgresWriter(databaseUrl, tables);
    try {
      for (const table of tables.values()) {
        const booleans = table.columns.map((c) => c.boolean);
        const order = table.name === 'case_events' ? ' ORDER BY id' : '';
        const rows = source.prepare(`SELECT ${table.columns.map((c) => c.name).join(', ')} FROM ${table.name}${order}`).raw().iterate() as IterableIterator<unknown[]>;
        let batch: unknown[][] = [];
        let copied = 0;
        for (const row of rows) {
          batch.push(row.map((value, i) => (booleans[i] && value !== null ? value === 1 : value)));
          if (batch.length === BATCH * 4) {
            await writer.write(new Map([[table.name, batch]]));
            copied += batch.length;
            progress?.(table.name, copied);
            batch = [];
          }
        }
        if (batch.length > 0) await writer.write(new Map([[table.name, batch]]));
      }
      await writer.finish();
    } finally {
      await writer.close();
    }
    for (const statement of MARK_MONTHS) await dataSource.query(statement);
  } finally {
    source.close();
    await dataSource.destroy();
  }
}
