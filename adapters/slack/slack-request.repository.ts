import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { isUniqueViolation } from '../../src/database/unit-of-work.js';
import { SlackRequestTakenRecord } from './slack-inbound.entities.js';

/** The signed requests (slash commands, button presses, modal submissions) already taken, by a key of each. */
@Injectable()
export class SlackRequestRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /**
   * True the first time a request key is taken, on any instance; false for every replay of it until `expiresAt`.
   * Keys past their time are cleared on the way.
   */
  async take(requestKey: string, now: Date, expiresAt: Date): Promise<boolean> {
    try {
      await this.db.transaction(async (manager) => {
        await manager.insert(SlackRequestTakenRecord, { requestKey, expiresAt: expiresAt.toISOString() });
        await manager.delete(SlackRequestTakenRecord, { expiresAt: LessThan(now.toISOString()) });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
