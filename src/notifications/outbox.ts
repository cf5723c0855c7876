import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { OutboxMessageRecord } from './outbox-message.entity.js';

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
    const rows = messages.map((m) => ({
      id: randomUUID(),
      reference: m.reference,
      channel: m.channel,
      kind: m.kind,
      recipient: m.recipient,
      payload: m.payload,
      dedupeKey: m.dedupeKey ?? null,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: (m.notBefore && m.notBefore > now ? m.notBefore : now).toISOString(),
      leaseUntil: null,
      providerId: null,
      lastError: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    // A message whose dedupe key is already in the outbox was owed once and is not owed again.
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageRecord)
      .values(rows as QueryDeepPartialEntity<OutboxMessageRecord>[])
      .orIgnore()
      .execute();
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
