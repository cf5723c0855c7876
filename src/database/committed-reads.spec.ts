import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { CommittedReads } from './committed-reads.js';
import { DatabaseAccess } from './database-access.js';
import { dataSourceOptions } from './data-source.options.js';
import { CORE_SCHEMA } from './schema.js';
import { Sql } from './sql.js';

const INSERT = new Sql('INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?)');
const INSERT_RETURNING = new Sql('INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?) RETURNING id');
const COUNT = new Sql('SELECT COUNT(*) AS n FROM dialog_states WHERE id LIKE ?');

describe(CommittedReads.name, () => {
  let dir: string;
  let dataSource: DataSource;
  let db: DatabaseAccess;
  let n = 0;
  const prefix = () => `committed-reads/${++n}/`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-reads-'));
    dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, CORE_SCHEMA)).initialize();
    db = new DatabaseAccess(dataSource);
  });

  afterAll(async () => {
    db?.beforeApplicationShutdown();
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string) => db.sql(INSERT, [id, 'e', '{}', new Date().toISOString()]);
  const countNow = (like: string) => db.sql<{ n: number }>(COUNT, [`${like}%`]);
  const settledYet = (promise: Promise<unknown>) => {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    return () => settled;
  };

  it('answers a read outside any transaction at once, while a group holds the writing connection, with what is committed', async () => {
    const p = prefix();
    await insert(`${p}committed`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered!: (value: unknown) => void;
    const answer = new Promise((resolve) => (answered = resolve));
    const open = db.transaction(async () => {
      await insert(`${p}uncommitted`);
      // a read outside it, made while it is open and uncommitted, is answered before it ends
      answered(await db.detached(() => countNow(p)));
      await held;
    });
    const openSettled = settledYet(open);
    expect(await answer).toEqual({ rows: [{ n: 1 }], affected: 1 });
    expect(openSettled()).toBe(false);
    release();
    await open;
    // once its caller has heard of it, every read sees it
    expect((await countNow(p)).rows).toEqual([{ n: 2 }]);
  });

  it('sends a statement that writes to the writing connection, in its turn, even when it returns rows', async () => {
    const p = prefix();
    expect((await db.sql(INSERT_RETURNING, [`${p}a`, 'e', '{}', new Date().toISOString()])).rows).toEqual([{ id: `${p}a` }]);
    await insert(`${p}b`);
    expect((await countNow(p)).rows).toEqual([{ n: 2 }]);
  });

  it('sends a PRAGMA to the writing connection, where it can write what it must', async () => {
    const reads = new CommittedReads(dataSource);
    expect(reads.read(new Sql('PRAGMA optimize'), [])).toBeUndefined();
    expect(reads.read(new Sql('PRAGMA user_version'), [])).toBeUndefined();
    reads.close();
  });

  it('gives a failing read its error, as a rejected promise', async () => {
    const broken = new Sql('SELECT id FROM no_such_table');
    // better-sqlite3's errors come from the realm that loaded it first, so they are matched by their text
    const refused = await db.sql(broken).then(() => undefined, (error: unknown) => error);
    expect(String(refused)).toMatch(/no such table/);
  });

  it('reads inside a transaction on its own connection, seeing its own uncommitted work', async () => {
    const p = prefix();
    await expect(
      db.transaction(async () => {
        await insert(`${p}a`);
        expect((await countNow(p)).rows).toEqual([{ n: 1 }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await countNow(p)).rows).toEqual([{ n: 0 }]);
  });

  it('after it is closed, reads go to the writing connection and still see what is committed', async () => {
    const p = prefix();
    const reads = new CommittedReads(dataSource);
    expect(reads.read(COUNT, [`${p}%`])).toEqual({ rows: [{ n: 0 }], affected: 1 });
    reads.close();
    expect(reads.read(COUNT, [`${p}%`])).toBeUndefined();
  });

  it('opens none beside an in-memory database', async () => {
    const memory = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [] }).initialize();
    try {
      const connection = (memory.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
      connection.exec('CREATE TABLE dialog_states (id TEXT PRIMARY KEY)');
      expect(new CommittedReads(memory).read(COUNT, ['%'])).toBeUndefined();
      expect((await new DatabaseAccess(memory).sql(COUNT, ['%'])).rows).toEqual([{ n: 0 }]);
    } finally {
      await memory.destroy();
    }
  });
});
