import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not } from 'typeorm';
import { deleteIn, findIn } from '../database/batched-rows.js';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql, SqlForLists } from '../database/sql.js';
import { InboundMessageRecord } from './inbound-message.entity.js';

/** A message as the pipeline claims it, its payload parsed. */
export interface ClaimedInbound {
  id: number;
  channel: string;
  conversationKey: string;
  providerId: string;
  payload: unknown;
  receivedAt: string;
  attempts: number;
  /** Other messages of its conversation were waiting behind it when it was claimed. */
  followed: boolean;
}

/** Every customer turn stores, claims and marks its message: by hand (see Sql). */
const STORE = new Sql(
  `INSERT INTO inbound_messages (channel, conversation_key, provider_id, payload, received_at, attempts)
   VALUES (?, ?, ?, ?, ?, 0)
   ON CONFLICT (channel, conversation_key, provider_id) DO NOTHING
   RETURNING id`,
);
/** Claims a message just stored when none of its conversation waits before it (the rows of the handled_at index). */
const CLAIM_STORED = new Sql(
  `UPDATE inbound_messages SET claimed_until = ?, attempts = attempts + 1
   WHERE id = ? AND NOT EXISTS (
     SELECT 1 FROM inbound_messages AS earlier
     WHERE earlier.handled_at IS NULL AND earlier.channel = ? AND earlier.conversation_key = ? AND earlier.id < ?)`,
);
/** Lets go of claims made by this process that no turn took up. */
const RELEASE = new SqlForLists(
  (ids) => `UPDATE inbound_messages SET claimed_until = NULL, attempts = attempts - 1 WHERE id IN (${ids}) AND handled_at IS NULL`,
);
const STORED_ID = new Sql('SELECT id FROM inbound_messages WHERE channel = ? AND conversation_key = ? AND provider_id = ?');
/** Not handled, and not held by this or another instance (or held by one that lost its claim). */
const FREE = 'handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)';
/**
 * Each conversation's next message (its oldest not handled) that is free, oldest first, with how many of the
 * conversation's messages wait (itself included): a conversation with many messages waiting takes one place, and its
 * next message waits while an earlier one is held. One pass over the waiting rows of the index on `handled_at`,
 * rather than the same rows read again for each conversation's oldest.
 */
const NEXT = new SqlForLists(
  (channels) => `SELECT MIN(id) AS id, COUNT(*) AS waiting FROM inbound_messages
   WHERE handled_at IS NULL AND channel IN (${channels})
   GROUP BY channel, conversation_key
   HAVING MIN(CASE WHEN claimed_until IS NULL OR claimed_until < ? THEN id END) = MIN(id)
   ORDER BY MIN(id) ASC LIMIT ?`,
);
/** Claims those of the listed messages still free: another instance may have taken some meanwhile. */
const CLAIM = new SqlForLists(
  (ids) => `UPDATE inbound_messages SET claimed_until = ?, attempts = attempts + 1 WHERE id IN (${ids}) AND ${FREE}
   RETURNING id, channel, conversation_key AS "conversationKey", provider_id AS "providerId", payload,
     received_at AS "receivedAt", attempts`,
);
const MARK_HANDLED = new Sql('UPDATE inbound_messages SET handled_at = ?, outcome = ?, claimed_until = NULL WHERE id = ? AND handled_at IS NULL');
const LAST_RECEIVED = new Sql('SELECT MAX(received_at) AS "receivedAt" FROM inbound_messages WHERE channel = ? AND conversation_key = ?');
const ANOTHER_WAITING = new Sql('SELECT 1 AS found FROM inbound_messages WHERE handled_at IS NULL AND channel = ? AND conversation_key = ? LIMIT 1');

/** Customers' messages as the inbound pipeline keeps them, from storing to the mark that their turn ran. */
@Injectable()
export class InboundMessageRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /**
   * Stores a message once per channel, conversation and provider id; `duplicate` when it was stored before. Given
   * `claimUntil`, it also claims the message in the same transaction when no earlier message of its conversation
   * waits, and returns it as claimed: it is then the conversation's next message, held as `claimNext` would hold it.
   */
  store(
    channel: string,
    conversationKey: string,
    providerId: string,
    payload: unknown,
    receivedAt: string,
    claimUntil?: string,
  ): Promise<{ id: number; duplicate: boolean; claimed?: ClaimedInbound }> {
    const key = [channel, conversationKey, providerId];
    const json = JSON.stringify(payload ?? null);
    return this.db.transaction(async () => {
      const { rows } = await this.db.sql<{ id: number }>(STORE, [...key, json, receivedAt]);
      if (rows.length === 0) {
        const { rows: earlier } = await this.db.sql<{ id: number }>(STORED_ID, key);
        return { id: Number(earlier[0].id), duplicate: true };
      }
      const id = Number(rows[0].id);
      if (claimUntil === undefined) return { id, duplicate: false };
      const { affected } = await this.db.sql(CLAIM_STORED, [claimUntil, id, channel, conversationKey, id]);
      if (affected === 0) return { id, duplicate: false };
      // as the handler would read it back: the stored JSON, parsed
      const claimed = { id, channel, conversationKey, providerId, payload: JSON.parse(json) as unknown, receivedAt, attempts: 1, followed: false };
      return { id, duplicate: false, claimed };
    });
  }

  /** Lets go of messages claimed and never handed to a turn, so that they run at once at the next start. */
  async release(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.db.transaction(() => this.db.sql(RELEASE.for(ids.length), ids));
  }

  /**
   * Claims, until `claimedUntil`, up to `room` messages of these channels, each the next of its conversation and free
   * at `now`. The candidates are read first, so the claim itself updates only them, in a short transaction.
   */
  async claimNext(channels: readonly string[], now: string, claimedUntil: string, room: number): Promise<ClaimedInbound[]> {
    if (channels.length === 0) return [];
    const { rows: next } = await this.db.sql<{ id: number | string; waiting: number | string }>(NEXT.for(channels.length), [...channels, now, room]);
    if (next.length === 0) return [];
    const followed = new Set(next.filter((row) => Number(row.waiting) > 1).map((row) => Number(row.id)));
    const { rows } = await this.db.transaction(() =>
      this.db.sql<Omit<ClaimedInbound, 'payload' | 'followed'> & { payload: string }>(CLAIM.for(next.length), [
        claimedUntil,
        ...next.map((row) => row.id),
        now,
      ]),
    );
    return rows
      .map((row) => {
        const id = Number(row.id);
        return { ...row, id, attempts: Number(row.attempts), payload: JSON.parse(row.payload) as unknown, followed: followed.has(id) };
      })
      .sort((a, b) => a.id - b.id);
  }

  /**
   * True when instances other than this process may store messages in this table (PostgreSQL): then what this
   * process stored and claimed does not tell it everything that waits. SQLite serves one process.
   */
  get sharedWithOtherInstances(): boolean {
    return this.db.dialect === 'postgres';
  }

  /** Marks a message handled, in the caller's transaction; false when it was handled already. */
  async markHandled(id: number, outcome: string, at: string): Promise<boolean> {
    const { affected } = await this.db.sql(MARK_HANDLED, [at, outcome, id]);
    return affected === 1;
  }

  /** True when a message of this conversation waits to be handled. */
  async waitingIn(channel: string, conversationKey: string): Promise<boolean> {
    const { rows } = await this.db.sql(ANOTHER_WAITING, [channel, conversationKey]);
    return rows.length > 0;
  }

  /** When the conversation's last message on this channel came in (a session window opens then); undefined if none is kept. */
  async lastReceivedAt(channel: string, conversationKey: string): Promise<string | undefined> {
    const { rows } = await this.db.sql<{ receivedAt: string | null }>(LAST_RECEIVED, [channel, conversationKey]);
    return rows[0]?.receivedAt ?? undefined;
  }

  /** Every message of these conversations (by key, on any channel), oldest first. */
  async ofConversationKeys(conversationKeys: readonly string[]): Promise<InboundMessageRecord[]> {
    const rows = await findIn(this.db, InboundMessageRecord, 'conversationKey', conversationKeys);
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Messages handled and received before a cutoff. */
  handledBefore(before: string): Promise<Pick<InboundMessageRecord, 'id' | 'channel' | 'conversationKey'>[]> {
    return this.db.run((manager) =>
      manager.find(InboundMessageRecord, {
        select: { id: true, channel: true, conversationKey: true },
        where: { handledAt: Not(IsNull()), receivedAt: LessThan(before) },
      }),
    );
  }

  deleteByIds(ids: readonly number[]): Promise<number> {
    return deleteIn(this.db, InboundMessageRecord, 'id', ids);
  }
}
