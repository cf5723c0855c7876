import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { CommitGroups } from './commit-groups.js';
import { DialogStateRecord } from './dialog-state/dialog-state.entity.js';
import { DatabaseAccess } from './database-access.js';
import { dataSourceOptions } from './data-source.options.js';
import { CORE_SCHEMA } from './schema.js';
import { Sql } from './sql.js';

const INSERT = new Sql('INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?)');
const COUNT = new Sql('SELECT COUNT(*) AS n FROM dialog_states WHERE id LIKE ?');

describe(CommitGroups.name, () => {
  let dir: string;
  let dataSource: DataSource;
  let db: DatabaseAccess;
  /** A second connection to the same file: it sees only what is committed. */
  let outsider: Database.Database;
  let n = 0;
  const prefix = () => `commit-groups/${++n}/`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-groups-'));
    dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, CORE_SCHEMA)).initialize();
    db = new DatabaseAccess(dataSource);
    outsider = new Database(join(dir, 'redress.sqlite'), { readonly: true });
  });

  afterAll(async () => {
    outsider?.close();
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string) => db.sql(INSERT, [id, 'e', '{}', new Date().toISOString()]);
  const count = async (like: string) => Number((await db.sql<{ n: number | string }>(COUNT, [`${like}%`])).rows[0].n);
  const committed = (like: string) => (outsider.prepare('SELECT COUNT(*) AS n FROM dialog_states WHERE id LIKE ?').get(`${like}%`) as { n: number }).n;
  const settledYet = (promise: Promise<unknown>) => {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    return () => settled;
  };

  it('commits transactions waiting together in one COMMIT, and tells none of them before it', async () => {
    const p = prefix();
    const seen: { firstSettled: boolean; firstOnDisk: number; ownUncommitted: number }[] = [];
    // a transaction holds the connection while the others queue behind it
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.transaction(async () => {
      await insert(`${p}first`);
      await held;
    });
    const firstSettled = settledYet(first);
    const second = db.transaction(async () => {
      await insert(`${p}second`);
      // the first transaction's work is done, but its COMMIT is the group's: its caller has not heard yet
      seen.push({ firstSettled: firstSettled(), firstOnDisk: committed(`${p}first`), ownUncommitted: await count(p) });
    });
    const third = db.transaction(async () => insert(`${p}third`));
    release();
    await Promise.all([first, second, third]);
    expect(seen).toEqual([{ firstSettled: false, firstOnDisk: 0, ownUncommitted: 2 }]);
    expect(committed(p)).toBe(3);
  });

  it('rolls a failing transaction back alone: its neighbours in the group are committed', async () => {
    const p = prefix();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = db.transaction(async () => {
      await insert(`${p}before`);
      await held;
    });
    const failing = db.transaction(async () => {
      await insert(`${p}failing`);
      throw new Error('the turn failed');
    });
    const duplicate = db.transaction(async () => {
      await insert(`${p}after`);
      await insert(`${p}after`);
    });
    const after = db.transaction(async () => insert(`${p}last`));
    release();
    const outcomes = await Promise.allSettled([before, failing, duplicate, after]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch('the turn failed');
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const ids = outsider.prepare('SELECT id FROM dialog_states WHERE id LIKE ? ORDER BY id').pluck().all(`${p}%`);
    expect(ids).toEqual([`${p}before`, `${p}last`]);
  });

  it('runs work outside any transaction alone, after the group it waited behind has committed', async () => {
    const p = prefix();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.transaction(async () => {
      await insert(`${p}a`);
      await held;
    });
    const read = db.run(async () => ({ inTransaction: dataSourceConnection(dataSource).inTransaction, seen: await count(p), onDisk: committed(p) }));
    const second = db.transaction(async () => insert(`${p}b`));
    release();
    await Promise.all([first, second]);
    // the transaction queued behind the read went first, in the group: the read waited one group, no more
    expect(await read).toEqual({ inTransaction: false, seen: 2, onDisk: 2 });
  });

  it("runs each transaction in its caller's async context, not in that of the caller whose work started the group", async () => {
    const p = prefix();
    const request = new AsyncLocalStorage<string>();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: (string | undefined)[] = [];
    const first = request.run('first request', () =>
      db.transaction(async () => {
        seen.push(request.getStore());
        await insert(`${p}a`);
        await held;
      }),
    );
    const second = request.run('second request', () => db.transaction(async () => void seen.push(request.getStore())));
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(['first request', 'second request']);
  });

  it("lets TypeORM's own work inside a member join it: a save lands with the member, a transaction inside nests below it", async () => {
    const p = prefix();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.transaction(async () => {
      await insert(`${p}first`);
      await held;
    });
    const seen: boolean[] = [];
    const second = db.transaction(async (manager) => {
      seen.push(manager.queryRunner?.isTransactionActive === true);
      await manager.save(DialogStateRecord, { id: `${p}saved`, etag: 'e', state: '{}', updatedAt: new Date().toISOString() });
      // an inner transaction that fails is rolled back to its own savepoint, and the member goes on
      await manager
        .transaction(async (inner) => {
          await inner.save(DialogStateRecord, { id: `${p}inner`, etag: 'e', state: '{}', updatedAt: new Date().toISOString() });
          throw new Error('the inner work failed');
        })
        .catch(() => undefined);
      await manager.transaction(async (inner) => inner.save(DialogStateRecord, { id: `${p}nested`, etag: 'e', state: '{}', updatedAt: new Date().toISOString() }));
    });
    // a member that fails after a save of TypeORM's loses that save, and only that
    const failing = db.transaction(async (manager) => {
      await manager.save(DialogStateRecord, { id: `${p}lost`, etag: 'e', state: '{}', updatedAt: new Date().toISOString() });
      throw new Error('the turn failed');
    });
    const third = db.transaction(async () => insert(`${p}third`));
    release();
    const outcomes = await Promise.allSettled([first, second, failing, third]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual([true]);
    const ids = outsider.prepare('SELECT id FROM dialog_states WHERE id LIKE ? ORDER BY id').pluck().all(`${p}%`);
    expect(ids).toEqual([`${p}first`, `${p}nested`, `${p}saved`, `${p}third`]);
    expect(dataSourceConnection(dataSource).inTransaction).toBe(false);
  });

  it('loses the whole group when a member leaves a transaction of its own open, and carries on after it', async () => {
    const p = prefix();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let letInnerEnd!: () => void;
    const innerMayEnd = new Promise<void>((resolve) => (letInnerEnd = resolve));
    let inner: Promise<unknown> | undefined;
    const first = db.transaction(async () => {
      await insert(`${p}a`);
      await held;
    });
    const careless = db.transaction(async (manager) => {
      // started and not awaited: it is still open when the member's work returns
      await new Promise<void>((started) => {
        inner = manager.transaction(async () => {
          started();
          await innerMayEnd;
        });
      });
      await insert(`${p}b`);
    });
    release();
    const outcomes = await Promise.allSettled([first, careless]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/still open/);
    letInnerEnd();
    await inner?.catch(() => undefined);
    expect(committed(p)).toBe(0);
    expect(dataSourceConnection(dataSource).inTransaction).toBe(false);
    await db.transaction(async () => insert(`${p}c`));
    expect(committed(p)).toBe(1);
  });

  describe('when SQLite is asked to sync every commit', () => {
    /** A sync held until the test lets it go, as a slow disk would hold it. */
    const heldSync = () => {
      const synced: string[] = [];
      let letGo!: (error?: Error) => void;
      let called!: () => void;
      const calledOnce = new Promise<void>((resolve) => (called = resolve));
      const done = new Promise<void>((resolve, reject) => (letGo = (error) => (error ? reject(error) : resolve())));
      const sync = async (path: string) => {
        synced.push(path);
        called();
        await done;
      };
      return { sync, synced, calledOnce, letGo };
    };

    it("commits a group without waiting for the disk, then syncs its WAL before telling any member, and bids reads wait for it", async () => {
      const p = prefix();
      const held = heldSync();
      const groups = new CommitGroups(dataSource, held.sync);
      const member = groups.enqueue(true, (manager) => INSERT.run(manager, [`${p}a`, 'e', '{}', new Date().toISOString()]));
      const memberSettled = settledYet(member);
      await held.calledOnce;
      // committed, so visible to a reader, but nobody has heard of it and reads are asked to wait
      expect(committed(p)).toBe(1);
      expect(memberSettled()).toBe(false);
      expect(groups.durable).toBeInstanceOf(Promise);
      // everything outside a group still syncs inside SQLite, as configured
      expect(dataSourceConnection(dataSource).pragma('synchronous', { simple: true })).toBe(2);
      expect(held.synced).toEqual([`${join(dir, 'redress.sqlite')}-wal`]);
      held.letGo();
      await expect(member).resolves.toEqual({ rows: [], affected: 1 });
      expect(groups.durable).toBeUndefined();
    });

    it('tells every member of a group whose WAL could not be synced of the error', async () => {
      const p = prefix();
      const held = heldSync();
      const groups = new CommitGroups(dataSource, held.sync);
      const members = [1, 2].map((k) => groups.enqueue(true, (manager) => INSERT.run(manager, [`${p}${k}`, 'e', '{}', new Date().toISOString()])));
      await held.calledOnce;
      held.letGo(new Error('the disk is gone'));
      const outcomes = await Promise.allSettled(members);
      expect(outcomes.map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual(['Error: the disk is gone', 'Error: the disk is gone']);
      expect(groups.durable).toBeUndefined();
      expect(dataSourceConnection(dataSource).pragma('synchronous', { simple: true })).toBe(2);
    });

    it('syncs nothing for a group that changed nothing', async () => {
      const p = prefix();
      const held = heldSync();
      const groups = new CommitGroups(dataSource, held.sync);
      await expect(groups.enqueue(true, (manager) => COUNT.run(manager, [`${p}%`]))).resolves.toEqual({ rows: [{ n: 0 }], affected: 1 });
      expect(held.synced).toEqual([]);
    });

    it('leaves the disk alone where synchronous NORMAL was chosen', async () => {
      const normalDir = mkdtempSync(join(tmpdir(), 'redress-groups-normal-'));
      const normal = await new DataSource(dataSourceOptions({ DATA_DIR: normalDir, SQLITE_SYNCHRONOUS: 'normal' }, CORE_SCHEMA)).initialize();
      try {
        const held = heldSync();
        const groups = new CommitGroups(normal, held.sync);
        await groups.enqueue(true, (manager) => INSERT.run(manager, ['normal/a', 'e', '{}', new Date().toISOString()]));
        expect(held.synced).toEqual([]);
      } finally {
        await normal.destroy();
        rmSync(normalDir, { recursive: true, force: true });
      }
    });
  });

  it('after a group whose COMMIT failed, tells every member and carries on', async () => {
    const p = prefix();
    const connection = dataSourceConnection(dataSource);
    connection.exec('CREATE TABLE IF NOT EXISTS commit_groups_parent (id TEXT PRIMARY KEY)');
    connection.exec(
      'CREATE TABLE IF NOT EXISTS commit_groups_child (id TEXT PRIMARY KEY, parent TEXT REFERENCES commit_groups_parent (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.transaction(async () => {
      await insert(`${p}a`);
      await held;
    });
    // a deferred constraint is checked only at COMMIT, which is the group's
    const orphan = db.transaction(async (manager) => manager.query("INSERT INTO commit_groups_child (id, parent) VALUES ('orphan', 'nobody')"));
    release();
    const outcomes = await Promise.allSettled([first, orphan]);
    expect(outcomes.map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([
      expect.stringMatching(/FOREIGN KEY/),
      expect.stringMatching(/FOREIGN KEY/),
    ]);
    expect(committed(p)).toBe(0);
    expect(connection.inTransaction).toBe(false);
    await db.transaction(async () => insert(`${p}b`));
    expect(committed(p)).toBe(1);
  });
});

function dataSourceConnection(dataSource: DataSource): Database.Database {
  return (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
}
