import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConversationState, TestAdapter, type StoreItem } from 'botbuilder';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../../test/support/databases.js';
import { dataSourceOptions } from '../data-source.options.js';
import { CORE_SCHEMA } from '../schema.js';
import { DatabaseAccess } from '../database-access.js';
import { StorageConflictError, TypeOrmStorage } from './typeorm-storage.js';

describe.each(dialects())(`${TypeOrmStorage.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let storage: TypeOrmStorage;
  let cleanUp: () => Promise<void>;
  let n = 0;
  const key = () => `test/conversations/${dialect}-${++n}/`;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, CORE_SCHEMA)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-storage-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, CORE_SCHEMA)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    storage = new TypeOrmStorage(new DatabaseAccess(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  it('reads nothing for keys never written', async () => {
    expect(await storage.read([key(), key()])).toEqual({});
    expect(await storage.read([])).toEqual({});
  });

  it('returns what was written, with a new eTag for every write', async () => {
    const k = key();
    await storage.write({ [k]: { step: 1, answers: { category: 'delivery' } } });
    const first = (await storage.read([k]))[k];
    expect(first).toEqual({ step: 1, answers: { category: 'delivery' }, eTag: expect.any(String) });

    await storage.write({ [k]: { ...first, step: 2 } });
    const second = (await storage.read([k]))[k];
    expect(second.step).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('refuses a write whose eTag is stale, and keeps the stored item', async () => {
    const k = key();
    await storage.write({ [k]: { step: 1 } });
    const stale = (await storage.read([k]))[k];
    await storage.write({ [k]: { ...stale, step: 2 } });

    await expect(storage.write({ [k]: { ...stale, step: 3 } })).rejects.toThrow(StorageConflictError);
    expect((await storage.read([k]))[k].step).toBe(2);
  });

  it.each([
    ['"*"', { eTag: '*' }],
    ['no eTag', {}],
  ])('lets an item with %s overwrite whatever is stored', async (_name, tag: Partial<StoreItem>) => {
    const k = key();
    await storage.write({ [k]: { step: 1 } });
    await storage.write({ [k]: { step: 2 } });
    await storage.write({ [k]: { step: 3, ...tag } });
    expect((await storage.read([k]))[k].step).toBe(3);
  });

  it('writes an item with an eTag when nothing is stored under its key, as MemoryStorage does', async () => {
    const k = key();
    await storage.write({ [k]: { step: 1, eTag: 'from-elsewhere' } });
    const stored = (await storage.read([k]))[k];
    expect(stored.step).toBe(1);
    expect(stored.eTag).not.toBe('from-elsewhere');
  });

  it('keeps nothing of a write in which one item conflicts', async () => {
    const [a, b] = [key(), key()];
    await storage.write({ [a]: { v: 1 }, [b]: { v: 1 } });
    const read = await storage.read([a, b]);
    await storage.write({ [b]: { ...read[b], v: 2 } });

    await expect(storage.write({ [a]: { ...read[a], v: 3 }, [b]: { ...read[b], v: 3 } })).rejects.toThrow(`"${b}"`);
    const after = await storage.read([a, b]);
    expect([after[a].v, after[b].v]).toEqual([1, 2]);
  });

  it('lets exactly one of several concurrent writers with the same eTag win', async () => {
    const k = key();
    await storage.write({ [k]: { owner: 'nobody' } });
    const seen = (await storage.read([k]))[k];

    const writers = ['a', 'b', 'c', 'd', 'e'];
    const results = await Promise.allSettled(writers.map((owner) => storage.write({ [k]: { ...seen, owner } })));

    const won = writers.filter((_, i) => results[i].status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StorageConflictError);
    }
    expect((await storage.read([k]))[k].owner).toBe(won[0]);
  });

  it('lets exactly one of two concurrent writers create a new key with an eTag', async () => {
    const k = key();
    const results = await Promise.allSettled(['a', 'b'].map((owner) => storage.write({ [k]: { owner, eTag: 'x' } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('deletes, and ignores keys that are not there', async () => {
    const [a, b] = [key(), key()];
    await storage.write({ [a]: { v: 1 }, [b]: { v: 1 } });
    await storage.delete([a, key()]);
    expect(Object.keys(await storage.read([a, b]))).toEqual([b]);
  });

  it('refuses keys longer than the column', async () => {
    await expect(storage.write({ ['k'.repeat(513)]: { v: 1 } })).rejects.toThrow(RangeError);
  });

  it('keeps botbuilder conversation state from one turn to the next', async () => {
    const state = new ConversationState(storage);
    const turns = state.createProperty<number>('turns');
    const adapter = new TestAdapter(async (context) => {
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      await context.sendActivity(`turn ${count}`);
      await state.saveChanges(context);
    });
    await adapter.send('hello').assertReply('turn 1').send('again').assertReply('turn 2').send('more').assertReply('turn 3');
  });
});
