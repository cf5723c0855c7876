import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { batches, deleteIn, findIn } from '../database/batched-rows.js';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { conversationOf } from './conversation.js';
import { OUTBOX_STATUSES, OutboxMessageRecord, type OutboxStatus } from './outbox-message.entity.js';
import { settledStatus, type Outcome } from './settle-transition.js';

/** A message to write: where it goes, what it is, and from when it is due. */
interface OutboxRow {
  reference: string | null;
  channel: string;
  kind: string;
  recipient: Record<string, unknown>;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
  nextAttemptAt: string;
  createdAt: string;
}

/** A message as it was settled, for whoever must hear of it. */
export type SettledMessage = Pick<
  OutboxMessageRecord,
  'id' | 'reference' | 'channel' | 'kind' | 'recipient' | 'payload' | 'status' | 'attempts' | 'providerId' | 'lastError' | 'conversation'
>;

/**
 * Which message an outcome is about: the outbox message's id (what a notifier is handed), or the provider's own id for
 * it on a channel (a Twilio Message SID, an email's Message-ID), which is all a provider's callback names.
 */
export type SettleTarget = { id: string } | { channel: string; providerRef: string };

/**
 * Written in nearly every turn, so by hand (see Sql). A message whose dedupe key is already in the outbox was owed once
 * and is not owed again: it is left out. `seq` orders a conversation's messages: PostgreSQL takes it from a sequence
 * (the column's default); SQLite runs one transaction at a time, so the highest number plus one is always new.
 */
const INSERT_MESSAGE = new Sql(
  `INSERT INTO outbox_messages (id, reference, channel, kind, recipient, payload, dedupe_key, status, attempts, next_attempt_at,
     lease_until, provider_id, last_error, created_at, updated_at, conversation, seq)
   VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox_messages))
   ON CONFLICT DO NOTHING`,
  `INSERT INTO outbox_messages (id, reference, channel, kind, recipient, payload, dedupe_key, status, attempts, next_attempt_at,
     lease_until, provider_id, last_error, created_at, updated_at, conversation)
   VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, NULL, NULL, NULL, $9, $10, $11) ON CONFLICT DO NOTHING`,
);

/** Pending and due, or claimed by a relay whose lease has run out (it crashed or hung mid-send). */
const due = (row: string) =>
  `((${row}.status = 'pending' AND ${row}.next_attempt_at <= ?) OR (${row}.status = 'sending' AND ${row}.lease_until < ?))`;

/**
 * A message waits while an earlier one of its conversation is unsettled: being sent, due, or waiting to be tried again
 * after a failure. Only a message never tried and not yet due (scheduled for later) lets later ones pass. So a
 * customer's messages reach the provider in the order they were written, one at a time, even across instances and
 * restarts: a message whose sender died holds its conversation until its lease runs out and it is sent again.
 *
 * It also waits while a later one is being sent under a live claim: one whose earlier neighbour had not yet committed
 * when it was claimed (on PostgreSQL, `seq` is taken when a row is written, and transactions on two instances commit
 * in either order), or which went while the earlier one was scheduled for later. A message's texts are then never
 * interleaved with another's. Once that claim lapses, the earlier one goes first.
 */
const HELD_BACK = `EXISTS (SELECT 1 FROM outbox_messages other
  WHERE other.conversation = m.conversation AND other.status IN ('pending', 'sending') AND (
    (other.seq < m.seq AND (other.status = 'sending' OR other.attempts > 0 OR other.next_attempt_at <= ?))
    OR (other.seq > m.seq AND other.status = 'sending' AND other.lease_until >= ?)))`;

/**
 * Claims up to a number of due messages, oldest first, in one statement, and of each conversation only the first one
 * still owed. Runs for nearly every message sent, so it is written by hand (see Sql). The outer condition is checked
 * again on each row it updates, so on PostgreSQL a message another relay claimed meanwhile is left out; one that
 * relay has settled meanwhile cannot become unsettled again, so the conversation's order holds.
 */
const CLAIM_DUE = new Sql(
  `UPDATE outbox_messages SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
   WHERE id IN (
     SELECT m.id FROM outbox_messages m WHERE ${due('m')} AND (m.conversation IS NULL OR NOT ${HELD_BACK})
     ORDER BY m.next_attempt_at ASC, m.seq ASC LIMIT ?
   ) AND ${due('outbox_messages')}
   RETURNING id, reference, channel, kind, recipient, payload, dedupe_key AS "dedupeKey", status, attempts,
     next_attempt_at AS "nextAttemptAt", lease_until AS "leaseUntil", provider_id AS "providerId", last_error AS "lastError",
     created_at AS "createdAt", updated_at AS "updatedAt", conversation`,
);
/**
 * Writes a message already claimed until a lease (status `sending`, one attempt), on the same terms as CLAIM_DUE: only
 * when nothing of its conversation is owed before it (being sent, due, or waiting to be tried again); otherwise it is
 * written as INSERT_MESSAGE writes it, for the relay to claim. One insert, rather than an insert and an update of the
 * row and its indexes. Every message of the conversation already written comes before it, so no `seq` is compared.
 */
const OWED_BEFORE = `EXISTS (SELECT 1 FROM outbox_messages earlier
  WHERE earlier.conversation = ? AND earlier.status IN ('pending', 'sending')
    AND (earlier.status = 'sending' OR earlier.attempts > 0 OR earlier.next_attempt_at <= ?))`;
const INSERT_CLAIMED_UNLESS_OWED = new Sql(
  `INSERT INTO outbox_messages (id, reference, channel, kind, recipient, payload, dedupe_key, status, attempts, next_attempt_at,
     lease_until, provider_id, last_error, created_at, updated_at, conversation, seq)
   SELECT ?, ?, ?, ?, ?, ?, ?, CASE WHEN owed THEN 'pending' ELSE 'sending' END, CASE WHEN owed THEN 0 ELSE 1 END, ?,
     CASE WHEN owed THEN NULL ELSE ? END, NULL, NULL, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox_messages)
   FROM (SELECT ${OWED_BEFORE} AS owed) AS conversation_state WHERE true
   ON CONFLICT DO NOTHING RETURNING status`,
  `INSERT INTO outbox_messages (id, reference, channel, kind, recipient, payload, dedupe_key, status, attempts, next_attempt_at,
     lease_until, provider_id, last_error, created_at, updated_at, conversation)
   SELECT $1, $2, $3, $4, $5, $6, $7, CASE WHEN owed THEN 'pending' ELSE 'sending' END, CASE WHEN owed THEN 0 ELSE 1 END, $8,
     CASE WHEN owed THEN NULL ELSE $9 END, NULL, NULL, $10, $11, $12
   FROM (SELECT ${OWED_BEFORE.replace('?', '$13').replace('?', '$14')} AS owed) AS conversation_state WHERE true
   ON CONFLICT DO NOTHING RETURNING status`,
);
/** Another message of the conversation is waiting: it may go now that the one before it has settled. */
const WAITING_IN_CONVERSATION = new Sql("SELECT 1 AS found FROM outbox_messages WHERE conversation = ? AND status = 'pending' LIMIT 1");
/**
 * The message is still in the hands of the relay's claim that is sending it (`attempts` counts claims), with time left
 * on its lease. Locks the row until the caller's transaction commits, so a new claim cannot slip in between.
 */
const STILL_CLAIMED = new Sql(
  `UPDATE outbox_messages SET updated_at = updated_at WHERE id = ? AND status = 'sending' AND attempts = ? AND lease_until >= ?
   RETURNING id`,
);
/** The messages already sent on a channel about a case, oldest first. */
const SENT_ABOUT = new Sql(
  `SELECT provider_id AS "providerId" FROM outbox_messages
   WHERE channel = ? AND reference = ? AND provider_id IS NOT NULL AND status IN ('sent', 'delivered') AND id <> ?
   ORDER BY created_at ASC, seq ASC`,
);
const RECORD_PROVIDER_ID = new Sql('UPDATE outbox_messages SET provider_id = ? WHERE id = ? AND provider_id IS NULL');
const WRITTEN_SINCE = new Sql('SELECT COUNT(*) AS n FROM outbox_messages WHERE conversation = ? AND kind = ? AND created_at >= ?');

const RETURNED = `RETURNING id, reference, channel, kind, recipient, payload, status, attempts, provider_id AS "providerId",
  last_error AS "lastError", conversation`;

/** One conditional update per outcome and way of naming the message, built from `settledStatus`. */
function settleStatement(outcome: Outcome, by: 'id' | 'providerRef'): Sql {
  const from = OUTBOX_STATUSES.filter((status) => settledStatus(status, outcome) === outcome);
  const where = by === 'id' ? 'id = ?' : 'channel = ? AND provider_id = ?';
  return new Sql(
    `UPDATE outbox_messages SET status = '${outcome}', provider_id = COALESCE(?, provider_id), lease_until = NULL, last_error = ?,
       updated_at = ? WHERE ${where} AND status IN (${from.map((status) => `'${status}'`).join(', ')}) ${RETURNED}`,
  );
}

const SETTLE = new Map(
  (['sent', 'delivered', 'failed'] as const).flatMap((outcome) =>
    (['id', 'providerRef'] as const).map((by) => [`${outcome}:${by}`, settleStatement(outcome, by)] as const),
  ),
);

/** Messages the relay is done with; one still waiting or being sent is never taken from under it. */
const SETTLED: OutboxStatus[] = ['sent', 'delivered', 'failed'];

type JsonColumns<T> = Omit<T, 'recipient' | 'payload'> & { recipient: string; payload: string };

/** The outbox's messages: written with the change that owes them, claimed and settled by the relay and the channels. */
@Injectable()
export class OutboxMessageRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(rows: readonly OutboxRow[]): Promise<void> {
    for (const row of rows) {
      // recipient and payload are simple-json columns: JSON text on both dialects
      await this.db.sql(INSERT_MESSAGE, [
        randomUUID(),
        row.reference,
        row.channel,
        row.kind,
        JSON.stringify(row.recipient),
        JSON.stringify(row.payload),
        row.dedupeKey,
        row.nextAttemptAt,
        row.createdAt,
        row.createdAt,
        conversationOf(row.channel, row.recipient),
      ]);
    }
  }

  /**
   * Writes a message due now and claims it until `leaseUntil` in the caller's transaction, as `claimDue` would once
   * that commits; undefined, and the message written unclaimed, when something of its conversation is owed before it
   * (or nothing written: its dedupe key is in the outbox).
   */
  async insertClaimed(row: OutboxRow, leaseUntil: string, now: string): Promise<OutboxMessageRecord | undefined> {
    const id = randomUUID();
    const conversation = conversationOf(row.channel, row.recipient);
    const { rows } = await this.db.sql<{ status: string }>(INSERT_CLAIMED_UNLESS_OWED, [
      id,
      row.reference,
      row.channel,
      row.kind,
      JSON.stringify(row.recipient),
      JSON.stringify(row.payload),
      row.dedupeKey,
      row.nextAttemptAt,
      leaseUntil,
      row.createdAt,
      now,
      conversation,
      conversation,
      now,
    ]);
    if (rows[0]?.status !== 'sending') return undefined;
    return Object.assign(new OutboxMessageRecord(), {
      id,
      reference: row.reference,
      channel: row.channel,
      kind: row.kind,
      recipient: row.recipient,
      payload: row.payload,
      dedupeKey: row.dedupeKey,
      status: 'sending' as const,
      attempts: 1,
      nextAttemptAt: row.nextAttemptAt,
      leaseUntil,
      providerId: null,
      lastError: null,
      createdAt: row.createdAt,
      updatedAt: now,
      conversation,
    });
  }

  /** Claims up to `room` due messages until `leaseUntil`, of each conversation only its first one owed, oldest first. */
  async claimDue(now: string, leaseUntil: string, room: number): Promise<OutboxMessageRecord[]> {
    const { rows } = await this.db.transaction(() =>
      this.db.sql<JsonColumns<OutboxMessageRecord>>(CLAIM_DUE, [leaseUntil, now, now, now, now, now, room, now, now]),
    );
    return rows
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
      .map((row) => Object.assign(new OutboxMessageRecord(), parsed(row)));
  }

  async hasPendingIn(conversation: string): Promise<boolean> {
    const { rows } = await this.db.sql(WAITING_IN_CONVERSATION, [conversation]);
    return rows.length > 0;
  }

  /**
   * Gives a message back for another try, only while it is still being sent under this claim: a delivery callback that
   * came first has already said more than the relay knows, and a newer claim (this one's lease lapsed) is sending it.
   */
  async release(
    claimed: Pick<OutboxMessageRecord, 'id' | 'attempts'>,
    changes: Partial<Pick<OutboxMessageRecord, 'status' | 'leaseUntil' | 'lastError' | 'nextAttemptAt' | 'updatedAt'>>,
  ): Promise<void> {
    await this.db.transaction((manager) =>
      manager.update(OutboxMessageRecord, { id: claimed.id, status: 'sending', attempts: claimed.attempts }, changes),
    );
  }

  /** True, holding the row until the caller's transaction ends, while this claim still sends the message until `until`. */
  async holdClaim(id: string, attempts: number, until: string): Promise<boolean> {
    const { rows } = await this.db.sql(STILL_CLAIMED, [id, attempts, until]);
    return rows.length > 0;
  }

  /**
   * Keeps the provider's id of a message the provider has taken, outside the relay's settling: a provider's answer
   * that comes after the relay stopped waiting for it still tells the next try that the message went.
   */
  async recordProviderId(id: string, providerId: string): Promise<void> {
    await this.db.sql(RECORD_PROVIDER_ID, [providerId, id]);
  }

  /** Moves a message to `outcome` if that is forward from where it is (see settledStatus); undefined when it is not. */
  async settle(target: SettleTarget, outcome: Outcome, detail: { providerRef: string | null; lastError: string | null; at: string }): Promise<SettledMessage | undefined> {
    const by = 'id' in target ? 'id' : 'providerRef';
    const where = 'id' in target ? [target.id] : [target.channel, target.providerRef];
    const { rows } = await this.db.sql<JsonColumns<SettledMessage>>(SETTLE.get(`${outcome}:${by}`) as Sql, [detail.providerRef, detail.lastError, detail.at, ...where]);
    return rows[0] ? { ...parsed(rows[0]), attempts: Number(rows[0].attempts) } : undefined;
  }

  async referenceOf(id: string): Promise<string | null> {
    const found = await this.db.run((manager) => manager.findOne(OutboxMessageRecord, { select: { reference: true }, where: { id } }));
    return found?.reference ?? null;
  }

  /** When the latest message about a case on any of these channels was written, if one was. */
  async lastWrittenAbout(reference: string, channels: readonly string[]): Promise<string | null> {
    const last = await this.db.run((manager) =>
      manager.findOne(OutboxMessageRecord, { where: { reference, channel: In([...channels]) }, order: { createdAt: 'DESC' } }),
    );
    return last?.createdAt ?? null;
  }

  /** The outbox message a provider's id names on a channel. */
  findByProviderId(channel: string, providerId: string): Promise<OutboxMessageRecord | null> {
    return this.db.run((manager) => manager.findOneBy(OutboxMessageRecord, { channel, providerId }));
  }

  /** The provider ids of the messages sent on a channel about a case, oldest first, this one left out. */
  async sentAbout(channel: string, reference: string, except: string): Promise<string[]> {
    const { rows } = await this.db.sql<{ providerId: string }>(SENT_ABOUT, [channel, reference, except]);
    return rows.map((row) => row.providerId);
  }

  /** How many messages of a kind were written to a conversation since an instant. */
  async countSince(conversation: string, kind: string, since: string): Promise<number> {
    const { rows } = await this.db.sql<{ n: number | string }>(WRITTEN_SINCE, [conversation, kind, since]);
    return Number(rows[0]?.n ?? 0);
  }

  /** The ids of the messages to these conversations or about these cases. */
  async idsOf(conversations: readonly string[], references: readonly string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const [column, values] of [['conversation', conversations], ['reference', references]] as const) {
      for (const batch of batches([...new Set(values)])) {
        const rows = await this.db.run((manager) => manager.find(OutboxMessageRecord, { select: { id: true }, where: { [column]: In(batch) } }));
        for (const row of rows) ids.add(row.id);
      }
    }
    return [...ids];
  }

  findByIds(ids: readonly string[]): Promise<OutboxMessageRecord[]> {
    return findIn(this.db, OutboxMessageRecord, 'id', ids);
  }

  /** Deletes these messages but those being sent right now, which are left to the relay; how many went. */
  async deleteSettledOrWaiting(ids: readonly string[]): Promise<number> {
    const messages = await this.findByIds(ids);
    return deleteIn(this.db, OutboxMessageRecord, 'id', messages.filter((m) => m.status !== 'sending').map((m) => m.id));
  }

  deleteByIds(ids: readonly string[]): Promise<number> {
    return deleteIn(this.db, OutboxMessageRecord, 'id', ids);
  }

  /** Settled messages about no case to a customer conversation (dialog replies, hand-off answers), written before a cutoff. */
  async settledWithoutCaseBefore(before: string): Promise<{ id: string; conversation: string }[]> {
    const rows = await this.db.run((manager) =>
      manager.find(OutboxMessageRecord, {
        select: { id: true, conversation: true },
        where: { reference: IsNull(), conversation: Not(IsNull()), status: In(SETTLED), createdAt: LessThan(before) },
      }),
    );
    return rows.map((row) => ({ id: row.id, conversation: row.conversation as string }));
  }
}

function parsed<T extends { recipient: string; payload: string }>(row: T): Omit<T, 'recipient' | 'payload'> & { recipient: Record<string, unknown>; payload: Record<string, unknown> } {
  // simple-json columns: JSON text on both dialects
  return { ...row, recipient: JSON.parse(row.recipient) as Record<string, unknown>, payload: JSON.parse(row.payload) as Record<string, unknown> };
}
