import { Inject, Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { Sql } from '../../src/database/sql.js';
import { SlackEventRecord } from './slack.entities.js';

/** Slack retries a delivery for up to about an hour; a day of event ids recognises every retry with room to spare. */
const KEEP_MS = 24 * 60 * 60 * 1000;

const RECORD = new Sql('INSERT INTO slack_events (event_id, received_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING event_id');

/** Remembers which Events API deliveries were taken, so that Slack's retries never act twice. */
@Injectable()
export class SlackEventRepository {
  constructor(
    private readonly db: DatabaseAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * True the first time an event id arrives; false for every retry of it, on any instance. It runs in the caller's
   * transaction, so that the event id and what the event brought are kept together or not at all.
   */
  async firstDelivery(eventId: string): Promise<boolean> {
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const { rows } = await this.db.sql(RECORD, [eventId, now.toISOString()]);
      await manager.delete(SlackEventRecord, { receivedAt: LessThan(new Date(now.getTime() - KEEP_MS).toISOString()) });
      return rows.length > 0;
    });
  }
}
