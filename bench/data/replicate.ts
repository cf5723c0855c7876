import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { HistoryCopies, type StoredEvent } from './history-copies.js';
import { referenceOf } from './seed-plan.js';
import { MARK_MONTHS, type SeedTarget } from './seed.js';

/** What a copy needs of either engine; the SQL is the same on both but for the few words each spells its own way. */
interface CopyDatabase {
  sqlite: boolean;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string): Promise<void>;
  /** Fills one of the copy's scratch tables with `rows`, in `columns` order. */
  fill(table: string, columns: { name: string; pgType: string }[], rows: unknown[][]): Promise<void>;
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
}

function sqliteDatabase(dataDir: string): CopyDatabase {
  const db = new Database(join(dataDir, 'redress.sqlite'));
  // a throwaway file, as when it was seeded (see seed.ts)
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // the copies insert at random places in every index: a cache the size of the indexes keeps those pages in memory
  db.pragma('cache_size = -2097152');
  return {
    sqlite: true,
    rows: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql) => {
      db.exec(sql);
    },
    fill: async (table, columns, rows) => {
      const insert = db.prepare(`INSERT INTO ${table} VALUES (${columns.map(() => '?').join(', ')})`);
      db.transaction(() => {
        for (const row of rows) insert.run(...row);
      })();
    },
    columns: async (table) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name),
    close: async () => {
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

async function postgresDatabase(url: string): Promise<CopyDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    sqlite: false,
    rows: async <T>(sql: string, params: unknown[] = []) => {
      let n = 0;
      const result = await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows as T[];
    },
    run: async (sql) => {
      await client.query(sql);
    },
    fill: async (table, columns, rows) => {
      const arrays = columns.map((_, i) => rows.map((row) => row[i]));
      await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ')})`, arrays);
    },
    columns: async (table) =>
      (
        await client.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
          [table],
        )
      ).rows.map((row) => row.column_name),
    close: () => client.end(),
  };
}

/** SQLite's indexes on the copied tables that the copy does not find its rows by: their names and how to make them again. */
async function deferredIndexes(db: CopyDatabase): Promise<{ name: string; sql: string }[]> {
  const tables = [...CASE_TABLES.map((t) => t.table), 'case_events', 'case_seals'];
  const indexes = await db.rows<{ name: string; tbl_name: string; sql: string }>(
    `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    tables,
  );
  // the copy joins every table but case_events (read by id) on its reference
  return indexes.filter((index) => index.tbl_name === 'case_events' || !/\(\s*"?reference"?\s*[,)]/.test(index.sql));
}

/** The copy's scratch tables: which case becomes which, and the new links and seals of the copied histories. */
const SCRATCH = {
  copy_refs: [
    { name: 'old', pgType: 'text' },
    { name: 'new', pgType: 'text' },
  ],
  copy_links: [
    { name: 'id', pgType: 'integer' },
    { name: 'prev_hash', pgType: 'text' },
    { name: 'hash', pgType: 'text' },
  ],
  copy_seals: [
    { name: 'reference', pgType: 'text' },
    { name: 'head_hash', pgType: 'text' },
    { name: 'seal', pgType: 'text' },
  ],
};

/** Tables copied row for row, but for the case's reference and the survey's id. */
const CASE_TABLES: { table: string; surveyId?: string }[] = [
  { table: 'complaints' },
  { table: 'complaint_facts' },
  { table: 'case_deadlines' },
  { table: 'satisfaction_surveys', surveyId: 'id' },
  { table: 'satisfaction_responses', surveyId: 'survey_id' },
  { table: 'disputes' },
];

/**
 * Makes a seeded database of `size` complaints `times` times bigger by copying every case under a new reference (case
 * `i` + k × size, as `referenceOf` names them) with all that hangs off it: its history, chained and sealed anew for
 * its reference (see `HistoryCopies`), its facts and deadlines, its survey and answers (under new survey ids) and its
 * dispute. Everything else is kept, dates included: the same mix in the same months, `times` as many cases in each
 * (`already` times are there from before). The database copies the rows itself (`INSERT … SELECT`), one transaction
 * per copy; only the new references and hashes come from here.
 */
export async function replicate(target: SeedTarget, size: number, times: number, auditKey: string, progress?: (copies: number) => void, already = 1): Promise<void> {
  const db = target.databaseUrl ? await postgresDatabase(target.databaseUrl) : sqliteDatabase(target.dataDir);
  try {
    for (const [table, columns] of Object.entries(SCRATCH)) {
      await db.run(`CREATE TEMP TABLE ${table} (${columns.map((c, i) => `${c.name} ${c.pgType === 'integer' ? 'integer' : 'text'}${i === 0 ? ' PRIMARY KEY' : ''}`).join(', ')})`);
    }
    const originals = Array.from({ length: size }, (_, i) => referenceOf(i));
    await db.fill(
      'copy_refs',
      SCRATCH.copy_refs,
      originals.map((reference) => [reference, reference]),
    );
    const stored = await db.rows<{ id: number; reference: string; seq: number; type: string; actor: string; at: string; reason: string | null; data: string; hash_scheme: 1 | 2; salt: string | null }>(
      'SELECT e.id, e.reference, e.seq, e.type, e.actor, e.at, e.reason, e.data, e.hash_scheme, e.salt FROM copy_refs m JOIN case_events e ON e.reference = m.old ORDER BY e.id',
    );
    const events: StoredEvent[] = stored.map((e) => ({ id: e.id, reference: e.reference, seq: e.seq, type: e.type, actor: e.actor, at: e.at, reason: e.reason, data: JSON.parse(e.data) as Record<string, unknown>, scheme: e.hash_scheme, salt: e.salt }));
    const lastId = events.length > 0 ? events[events.length - 1].id : 0;
    // the copies read the first cases' events by id, which only works if nothing else came before them
    const [{ n }] = await db.rows<{ n: number | string }>('SELECT count(*) AS n FROM case_events WHERE id <= ?', [lastId]);
    if (Number(n) !== events.length) throw new Error(`the first ${size} cases' history is not the first ${events.length} events`);
    const histories = new HistoryCopies(events, auditKey);

    const inserts: string[] = [];
    for (const { table, surveyId } of CASE_TABLES) {
      const columns = await db.columns(table);
      const values = columns.map((c) => (c === 'reference' ? 'm.new' : c === surveyId ? `${db.sqlite ? 'char' : 'chr'}(102 + {k}) || substr(t.${c}, 2)` : `t.${c}`));
      inserts.push(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM copy_refs m JOIN ${table} t ON t.reference = m.old`);
    }
    const eventColumns = (await db.columns('case_events')).filter((c) => c !== 'id');
    const eventValues = eventColumns.map((c) => (c === 'reference' ? 'm.new' : c === 'prev_hash' || c === 'hash' ? `h.${c}` : `t.${c}`));
    inserts.push(
      `INSERT INTO case_events (${eventColumns.join(', ')}) SELECT ${eventValues.join(', ')}
       FROM copy_links h JOIN case_events t ON t.id = h.id JOIN copy_refs m ON m.old = t.reference WHERE t.id <= ${lastId} ORDER BY h.id`,
    );
    const sealColumns = await db.columns('case_seals');
    const sealValues = sealColumns.map((c) => (c === 'reference' ? 'm.new' : c === 'head_hash' || c === 'seal' ? `s.${c}` : `t.${c}`));
    inserts.push(`INSERT INTO case_seals (${sealColumns.join(', ')}) SELECT ${sealValues.join(', ')} FROM copy_refs m JOIN case_seals t ON t.reference = m.old JOIN copy_seals s ON s.reference = m.new`);

    // On SQLite, every index but those the copy looks cases up by is made again after the copies, in one sorted pass,
    // rather than grown one row at a time at random places: it is most of what a copy costs on a loaded machine.
    const deferred = db.sqlite ? await deferredIndexes(db) : [];
    for (const { name } of deferred) await db.run(`DROP INDEX ${name}`);

    for (let k = already; k < times; k++) {
      const refs: unknown[][] = [];
      const links: unknown[][] = [];
      const seals: unknown[][] = [];
      for (const [i, from] of originals.entries()) {
        const reference = referenceOf(i + k * size);
        refs.push([from, reference]);
        const copy = histories.copy(from, reference);
        for (const link of copy.links) links.push([link.id, link.prevHash, link.hash]);
        seals.push([reference, copy.seal.headHash, copy.seal.seal]);
      }
      await db.run('BEGIN');
      for (const table of Object.keys(SCRATCH)) await db.run(`DELETE FROM ${table}`);
      await db.fill('copy_refs', SCRATCH.copy_refs, refs);
      await db.fill('copy_links', SCRATCH.copy_links, links);
      await db.fill('copy_seals', SCRATCH.copy_seals, seals);
      if (!db.sqlite) await db.run('ANALYZE copy_refs; ANALYZE copy_links; ANALYZE copy_seals');
      for (const insert of inserts) await db.run(insert.replace(/\{k\}/g, String(k)));
      await db.run('COMMIT');
      progress?.(k + 1);
    }
    for (const { sql } of deferred) await db.run(sql);
    await db.run('DELETE FROM report_stale_months');
    await db.run('DELETE FROM report_stale_sums');
    for (const statement of MARK_MONTHS) await db.run(statement);
    // what autovacuum would have done by the time a real table got this big
    if (!db.sqlite) await db.run('VACUUM ANALYZE');
  } finally {
    await db.close();
  }
}
