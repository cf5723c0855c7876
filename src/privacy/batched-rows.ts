import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { UnitOfWork } from '../database/unit-of-work.js';

/** Keys are looked up this many at a time, well under every engine's limit on query parameters. */
export const BATCH = 500;

export function batches<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows whose `column` is one of `values`, a batch at a time. */
export async function findIn<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, column: keyof T & string, values: readonly unknown[]): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of batches([...new Set(values)])) {
    rows.push(...(await manager.find(entity, { where: { [column]: In(batch) } as never })));
  }
  return rows;
}

/** Deletes the rows whose `column` is one of `values`, a batch to a transaction; the count of rows that went. */
export async function deleteIn<T extends ObjectLiteral>(uow: UnitOfWork, entity: EntityTarget<T>, column: keyof T & string, values: readonly unknown[]): Promise<number> {
  let deleted = 0;
  for (const batch of batches([...new Set(values)])) {
    const result = await uow.transaction((manager) => manager.delete(entity, { [column]: In(batch) } as never));
    deleted += result.affected ?? batch.length;
  }
  return deleted;
}
