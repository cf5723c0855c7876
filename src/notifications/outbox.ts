import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { OutboxMessageRepository } from './outbox-message.repository.js';

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

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly messages: OutboxMessageRepository,
  ) {}

  /** Joins the transaction the caller is in (see UnitOfWork): the messages are owed only if it commits. */
  async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now();
    await this.messages.insert(
      messages.map((m) => ({
        reference: m.reference,
        channel: m.channel,
        kind: m.kind,
        recipient: m.recipient,
        payload: m.payload,
        dedupeKey: m.dedupeKey ?? null,
        nextAttemptAt: (m.notBefore && m.notBefore > now ? m.notBefore : now).toISOString(),
        createdAt: now.toISOString(),
      })),
    );
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
