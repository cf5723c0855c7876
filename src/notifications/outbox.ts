import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { Sql } from '../database/sql.js';
import { conversationOf } from './conversation.js';

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

export interface NewOutboxMessage {
  reference: string | null;
  channel: string;
  kind: string;
  recipient: Record<string, unknown>;
  payload: Record<string, unknown>;
  dedupeKey?: string;
  /** Not before this instant (a scheduled reminder); now by default. */
  notBefore?: Date;
}

type Listener = () => void;

/** Writes messages into the outbox inside the caller's transaction; the relay delivers them once it commits. */
@Injectable()
export class Outbox {
  private readonly listeners = new Set<Listener>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, messages: NewOutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now();
    for (const m of messages) {
      const nextAttemptAt = (m.notBefore && m.notBefore > now ? m.notBefore : now).toISOString();
      // recipient and payload are simple-json columns: JSON text on both dialects
      await INSERT_MESSAGE.run(manager, [
        randomUUID(),
        m.reference,
        m.channel,
        m.kind,
        JSON.stringify(m.recipient),
        JSON.stringify(m.payload),
        m.dedupeKey ?? null,
        nextAttemptAt,
        now.toISOString(),
        now.toISOString(),
        conversationOf(m.channel, m.recipient),
      ]);
    }
  }

  /** Tells the relay that committed messages are waiting, so it need not wait for its next poll. */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
