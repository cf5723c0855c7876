import { Inject, Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { isUniqueViolation } from '../../src/database/unit-of-work.js';
import { SlackEventRecord } from './slack.entities.js';

/** Slack retries a delivery for up to about an hour; a day of event ids recognises every retry with room to spare. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Remembers which Events API deliveries were taken, so that Slack's retries never act twice. */
@Injectable()
export class SlackEventRepository {
  constructor(
    private readonly db: DatabaseAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** True the first time an event id arrives; false for every retry of it, on any instance. */
  async firstDelivery(eventId: string): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.db.transaction(async (manager) => {
        await manager.insert(SlackEventRecord, { eventId, receivedAt: now.toISOString() });
        await manager.delete(SlackEventRecord, { receivedAt: LessThan(new Date(now.getTime() - KEEP_MS).toISOString()) });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
