import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import type { OutboxMessageRecord } from './outbox-message.entity.js';
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

/** What may take a message straight from the transaction that writes it: this instance's relay (see OutboxRelay). */
export interface HandoverTaker {
  /** Keeps a place for one message and says until when it is claimed; undefined when there is no place now. */
  reserve(): { leaseUntil: string } | undefined;
  /** The message, claimed in the place kept for it, once the transaction that wrote it has committed. */
  take(message: OutboxMessageRecord): void;
  /** Gives back a place that no message will fill. */
  release(): void;
}

/** A message its writer's transaction left claimed by this instance's relay (see `Outbox.enqueueHandedOver`). */
export interface Handover {
  /** Once the transaction has committed, and only then: the relay sends the message now. */
  committed(): void;
  /** The transaction failed or was rolled back: nothing was written, nothing is sent. */
  abandoned(): void;
}

const NOTHING_HANDED_OVER: Handover = { committed: () => undefined, abandoned: () => undefined };

/** Writes messages into the outbox inside the caller's transaction; the relay delivers them once it commits. */
@Injectable()
export class Outbox {
  private readonly listeners = new Set<Listener>();
  private taker: HandoverTaker | undefined;
  private writes = 0;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly messages: OutboxMessageRepository,
  ) {}

  /** Joins the transaction the caller is in (see UnitOfWork): the messages are owed only if it commits. */
  async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now();
    this.writes++;
    await this.messages.insert(messages.map((m) => row(m, now)));
  }

  /**
   * Counts the writes of messages left for the relay to claim, in any transaction: a caller that sees it unchanged
   * across its transaction, which handed its one message over, need not wake the relay (see `committed`).
   */
  get unclaimedWrites(): number {
    return this.writes;
  }

  /**
   * Writes a message like `enqueue`, and, when it is due now, the relay has room and nothing of the conversation is
   * owed before it, leaves it claimed by this instance's relay, as the relay's own claim would once the transaction
   * commits: the relay then sends it with no claim of its own, one commit sooner. The caller must be the transaction's outermost work and
   * call `committed()` once it has committed, or `abandoned()` when it failed. A crash after the commit leaves the
   * message claimed, as a crash after a claim does: it is sent again once the lease lapses.
   */
  async enqueueHandedOver(message: NewOutboxMessage): Promise<Handover> {
    const now = this.clock.now();
    const taker = message.notBefore && message.notBefore > now ? undefined : this.taker;
    const lease = taker?.reserve();
    if (!taker || !lease) {
      await this.enqueue([message]);
      return NOTHING_HANDED_OVER;
    }
    let claimed: OutboxMessageRecord | undefined;
    try {
      claimed = await this.messages.insertClaimed(row(message, now), lease.leaseUntil, now.toISOString());
    } finally {
      if (!claimed) taker.release();
    }
    if (!claimed) {
      // written for the relay to claim once what is owed before it has gone: whoever wrote it must wake the relay
      this.writes++;
      return NOTHING_HANDED_OVER;
    }
    const handed = claimed;
    let settled = false;
    return {
      committed: () => {
        if (!settled) taker.take(handed);
        settled = true;
      },
      abandoned: () => {
        if (!settled) taker.release();
        settled = true;
      },
    };
  }

  /** Who takes handed-over messages (see `enqueueHandedOver`); none, and they are written unclaimed. */
  handOverTo(taker: HandoverTaker | undefined): void {
    this.taker = taker;
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

function row(m: NewOutboxMessage, now: Date) {
  return {
    reference: m.reference,
    channel: m.channel,
    kind: m.kind,
    recipient: m.recipient,
    payload: m.payload,
    dedupeKey: m.dedupeKey ?? null,
    nextAttemptAt: (m.notBefore && m.notBefore > now ? m.notBefore : now).toISOString(),
    createdAt: now.toISOString(),
  };
}
