import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { deleteIn, findIn } from '../batched-rows.js';
import { DatabaseAccess } from '../database-access.js';
import { DialogStateRecord } from './dialog-state.entity.js';

/**
 * The dialogs' state as privacy sees it: by key, for a conversation's export and erasure, and by age, for retention.
 * The dialogs themselves read and write it through TypeOrmStorage.
 */
@Injectable()
export class DialogStateRepository {
  constructor(private readonly db: DatabaseAccess) {}

  ofKeys(keys: readonly string[]): Promise<DialogStateRecord[]> {
    return findIn(this.db, DialogStateRecord, 'id', keys);
  }

  deleteKeys(keys: readonly string[]): Promise<number> {
    return deleteIn(this.db, DialogStateRecord, 'id', keys);
  }

  /** The keys of the states last written before an instant. */
  async updatedBefore(before: string): Promise<string[]> {
    const rows = await this.db.run((manager) => manager.find(DialogStateRecord, { select: { id: true }, where: { updatedAt: LessThan(before) } }));
    return rows.map((row) => row.id);
  }
}
