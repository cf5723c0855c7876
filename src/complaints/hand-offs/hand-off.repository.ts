import { Injectable } from '@nestjs/common';
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
}
