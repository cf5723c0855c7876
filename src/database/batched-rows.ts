import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { DatabaseAccess } from './database-access.js';

/** Keys are looked up this many at a time, well under every engine's limit on query parameters. */
export const BATCH = 500;

export function batches<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows whose `column` is one of `values`, a batch at a time: for a repository's exports and erasures of many keys. */
export async function findIn<T extends ObjectLiteral>(db: DatabaseAccess, entity: EntityTarget<T>, column: keyof T & string, values: readonly unknown[]): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of batches([...new Set(values)])) {
    rows.push(...(await db.run((manager) => manager.find(entity, { where: { [column]: In(batch) } as never }))));
  }
  return rows;
}

/** Deletes the rows whose `column` is one of `values`, a batch to a transaction; the count of rows that went. */
export async function deleteIn<T extends ObjectLiteral>(db: DatabaseAccess, entity: EntityTarget<T>, column: keyof T & string, values: readonly unknown[]): Promise<number> {
  let deleted = 0;
  for (const batch of batches([...new Set(values)])) {
    const result = await db.transaction((manager) => manager.delete(entity, { [column]: In(batch) } as never));
    deleted += result.affected ?? batch.length;
  }
  return deleted;
}
