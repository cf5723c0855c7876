import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { DatabaseAccess } from './database-access.js';
import { dataSourceOptions } from './data-source.options.js';
import { CORE_SCHEMA } from './schema.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

const INSERT = new Sql('INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?)');
const COUNT = new Sql('SELECT COUNT(*) AS n FROM dialog_states WHERE id LIKE ?');

describe.each(dialects())(`${DatabaseAccess.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let db: DatabaseAccess;
  let unitOfWork: UnitOfWork;
  let cleanUp: () => Promise<void>;
  let n = 0;
  const prefix = () => `database-access/${++n}/`;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, CORE_SCHEMA)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-access-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, CORE_SCHEMA)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    // built apart, as Nest builds them: they still share the data source's transaction
    db = new DatabaseAccess(dataSource);
    unitOfWork = new UnitOfWork(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  const insert = (id: string) => db.sql(INSERT, [id, 'e', '{}', new Date().toISOString()]);
  const count = async (like: string) => Number((await db.sql<{ n: number | string }>(COUNT, [`${like}%`])).rows[0].n);

  it('joins the transaction a unit of work opened, without being handed its manager', async () => {
    const p = prefix();
    await expect(
      unitOfWork.transaction(async () => {
        await insert(`${p}a`);
        expect(db.inTransaction).toBe(true);
        await insert(`${p}b`);
        expect(await count(p)).toBe(2);
        throw new Error('the turn failed');
      }),
    ).rejects.toThrow('the turn failed');
    expect(await count(p)).toBe(0);
  });

  it('commits what the unit of work did once it returns', async () => {
    const p = prefix();
    await unitOfWork.transaction(async () => {
      await insert(`${p}a`);
      await db.transaction(async () => insert(`${p}b`));
    });
    expect(await count(p)).toBe(2);
  });

  it('outside a transaction, writes stand alone', async () => {
    const p = prefix();
    expect(db.inTransaction).toBe(false);
    await insert(`${p}a`);
    const refused = await insert(`${p}a`).then(() => undefined, (error: unknown) => error);
    expect(String(refused)).toMatch(/UNIQUE|duplicate/);
    expect(await count(p)).toBe(1);
  });

  it('work detached from a transaction does not join it', async () => {
    const p = prefix();
    await expect(
      unitOfWork.transaction(async () => {
        await insert(`${p}in`);
        await db.detached(() => Promise.resolve(db.inTransaction)).then((inside) => expect(inside).toBe(false));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count(p)).toBe(0);
  });

  it('repositories called inside a snapshot or a plain read join it', async () => {
    const p = prefix();
    await insert(`${p}a`);
    expect(await db.snapshot(async () => (await count(p)) + (await count(p)))).toBe(2);
    expect(await db.run(async () => count(p))).toBe(1);
  });

  it('tells of a transaction\'s commit once it has committed, and never of one undone', async () => {
    const p = prefix();
    const heard: string[] = [];
    await unitOfWork.transaction(async () => {
      await insert(`${p}a`);
      // a transaction joined inside it commits only with the outermost one
      await db.transaction(async () => unitOfWork.afterCommit(() => heard.push(`inner, ${p}a rows: committed`)));
      unitOfWork.afterCommit(() => heard.push('outer'));
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([`inner, ${p}a rows: committed`, 'outer']);
    expect(await count(p)).toBe(1);

    await expect(
      unitOfWork.transaction(async () => {
        await insert(`${p}b`);
        unitOfWork.afterCommit(() => heard.push('undone'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(heard).not.toContain('undone');

    // outside a transaction a statement has committed once it returns
    await insert(`${p}c`);
    unitOfWork.afterCommit(() => heard.push('standing alone'));
    expect(heard).toContain('standing alone');
  });

  it('a transaction opened inside a plain read commits on its own', async () => {
    const p = prefix();
    await db.run(async () => {
      await db.transaction(async () => {
        expect(db.inTransaction).toBe(true);
        await insert(`${p}a`);
      });
      expect(db.inTransaction).toBe(false);
    });
    expect(await count(p)).toBe(1);
  });
});
