import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';

/** Both read the index on (status, next_attempt_at): a count of what is due, not a scan of the outbox's history. */
const OUTBOX_DUE = new Sql(
  "SELECT COUNT(*) AS depth, MIN(next_attempt_at) AS oldest FROM outbox_messages WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?",
);

/** Reads the index on (handled_at, channel, conversation_key). */
const INBOUND_WAITING = new Sql('SELECT channel, COUNT(*) AS depth FROM inbound_messages WHERE handled_at IS NULL GROUP BY channel');

/** How much work waits, read when metrics are scraped. */
@Injectable()
export class QueueDepthsRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** Outbox messages due now and not yet settled, and when the longest-waiting of them fell due. */
  async outboxDue(now: string): Promise<{ depth: number; oldestDueAt: string | null }> {
    const { rows } = await this.db.sql<{ depth: number | string; oldest: string | null }>(OUTBOX_DUE, [now]);
    return { depth: Number(rows[0]?.depth ?? 0), oldestDueAt: rows[0]?.oldest ?? null };
  }

  /** Customer messages stored and not yet handled (waiting for their turn, or in one), by channel. */
  async inboundWaiting(): Promise<{ channel: string; depth: number }[]> {
    const { rows } = await this.db.sql<{ channel: string; depth: number | string }>(INBOUND_WAITING);
    return rows.map((row) => ({ channel: row.channel, depth: Number(row.depth) }));
  }
}
