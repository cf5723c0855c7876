import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { deleteIn, findIn } from '../../database/batched-rows.js';
import { DatabaseAccess } from '../../database/database-access.js';
import { HandOffRecord } from './hand-off.entity.js';

/** Requests for a person made outside any complaint. */
@Injectable()
export class HandOffRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(handOff: HandOffRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(HandOffRecord, handOff));
  }

  find(id: string): Promise<HandOffRecord | null> {
    return this.db.run((manager) => manager.findOne(HandOffRecord, { where: { id } }));
  }

  /** The latest request a conversation made. */
  latestOf(requesterKey: string): Promise<HandOffRecord | null> {
    return this.db.run((manager) => manager.findOne(HandOffRecord, { where: { requesterKey }, order: { requestedAt: 'DESC' } }));
  }

  async markAnswered(id: string, answeredAt: string, answeredBy: string): Promise<void> {
    await this.db.run((manager) => manager.update(HandOffRecord, { id }, { answeredAt, answeredBy }));
  }

  /* Privacy: a conversation's records, for its export and erasure, and those retention lets go. */

  ofRequesters(requesterKeys: readonly string[]): Promise<HandOffRecord[]> {
    return findIn(this.db, HandOffRecord, 'requesterKey', requesterKeys);
  }

  deleteOfRequesters(requesterKeys: readonly string[]): Promise<number> {
    return deleteIn(this.db, HandOffRecord, 'requesterKey', requesterKeys);
  }

  /** The records made before an instant, with the conversation that made each. */
  madeBefore(before: string): Promise<Pick<HandOffRecord, 'id' | 'requesterKey'>[]> {
    return this.db.run((manager) => manager.find(HandOffRecord, { select: { id: true, requesterKey: true }, where: { requestedAt: LessThan(before) } }));
  }

  deleteByIds(ids: readonly string[]): Promise<number> {
    return deleteIn(this.db, HandOffRecord, 'id', ids);
  }
}
