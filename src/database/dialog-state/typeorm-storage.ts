import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { In, type EntityManager } from 'typeorm';
import { CLOCK, systemClock, type Clock } from '../../complaints/clock.js';
import { Sql, SqlForLists } from '../sql.js';
import { DatabaseAccess } from '../database-access.js';
import { isUniqueViolation } from '../unit-of-work.js';
import { DialogStateRecord } from './dialog-state.entity.js';

const MAX_KEY_LENGTH = 512;

const UPSERT = new Sql(
  'INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, state = excluded.state, updated_at = excluded.updated_at',
);
const UPDATE_IF_ETAG = new Sql('UPDATE dialog_states SET etag = ?, state = ?, updated_at = ? WHERE id = ? AND etag = ?');
const EXISTS = new Sql('SELECT 1 AS found FROM dialog_states WHERE id = ?');
const INSERT = new Sql('INSERT INTO dialog_states (id, etag, state, updated_at) VALUES (?, ?, ?, ?)');
const READ = new SqlForLists((keys) => `SELECT id, etag, state FROM dialog_states WHERE id IN (${keys})`);

/** Thrown when a write carries an eTag that is no longer the stored one: someone else wrote the item meanwhile. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/**
 * botbuilder `Storage` on the `dialog_states` table, so that dialogs survive restarts and can be shared by several
 * instances. Optimistic concurrency follows botbuilder's MemoryStorage: an item without an eTag, or with `'*'`,
 * overwrites; an item whose eTag is not the stored one is refused; every write gets a new eTag, which `read`
 * returns as `eTag`. Unlike MemoryStorage, one `write` is one transaction: on a conflict nothing of it is kept.
 */
@Injectable()
export class TypeOrmStorage implements Storage {
  constructor(
    private readonly db: DatabaseAccess,
    // the clock the rest of Redress keeps: retention ages dialog state by it
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const wanted = unique(keys);
    const { rows } = await this.db.sql<Pick<DialogStateRecord, 'id' | 'etag' | 'state'>>(READ.for(wanted.length), wanted);
    const items: StoreItems = {};
    for (const row of rows) items[row.id] = { ...(JSON.parse(row.state) as StoreItem), eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    for (const [key] of entries) checkKey(key);
    await this.db.transaction(async (manager) => {
      const updatedAt = this.clock.now().toISOString();
      for (const [key, item] of entries) await writeOne(manager, key, item, updatedAt);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.db.transaction((manager) => manager.delete(DialogStateRecord, { id: In(unique(keys)) }));
  }
}

async function writeOne(manager: EntityManager, key: string, item: StoreItem, updatedAt: string): Promise<void> {
  const { eTag: expected, ...rest } = item;
  const etag = randomUUID().replaceAll('-', '');
  const state = JSON.stringify(rest);
  if (!expected || expected === '*') {
    await UPSERT.run(manager, [key, etag, state, updatedAt]);
    return;
  }
  // The eTag check and the write are one statement, so a concurrent writer cannot slip in between them.
  const updated = await UPDATE_IF_ETAG.run(manager, [etag, state, updatedAt, key, String(expected)]);
  if (updated.affected) return;
  const exists = await EXISTS.run(manager, [key]);
  if (exists.rows.length > 0) throw new StorageConflictError(key);
  // MemoryStorage writes an item with an eTag when nothing is stored under its key; so do we.
  try {
    await INSERT.run(manager, [key, etag, state, updatedAt]);
  } catch (error) {
    // another writer created the key since we looked
    if (isUniqueViolation(error)) throw new StorageConflictError(key);
    throw error;
  }
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`Storage keys must be 1 to ${MAX_KEY_LENGTH} characters long; got ${key.length}.`);
  }
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}
