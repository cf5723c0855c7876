import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxMessageRepository, type SettledMessage, type SettleTarget } from './outbox-message.repository.js';
import { Outbox } from './outbox.js';
import type { Outcome } from './settle-transition.js';

export type { Outcome } from './settle-transition.js';
export type { SettledMessage, SettleTarget } from './outbox-message.repository.js';

export interface SettleDetail {
  /** The provider's id for the message, kept for its later callbacks (`sent` and `delivered` at send time). */
  providerRef?: string;
  /** Why it failed, in words staff can act on, with the provider's code (`Twilio 30003: undelivered`). */
  error?: string;
}

export type SettleResult = { changed: true; message: SettledMessage } | { changed: false };

/** Runs inside the transaction that marks the message failed: what it writes stands or falls with that mark. */
export type FailedListener = (message: SettledMessage) => Promise<void>;

/**
 * The one way an outbox message becomes sent, delivered or failed: the relay settles what it hears at send time
 * (the provider took it, or refused it for good, or it ran out of tries), and a channel adapter settles what its
 * provider reports later (Twilio's status callbacks, an email bounce). Either way:
 *
 * - a message only moves forward (see `settledStatus`): an outcome heard late, out of order or twice changes
 *   nothing, and is answered `{ changed: false }`;
 * - the move is one conditional update, so of two callers racing with the same news exactly one settles it;
 * - a message that fails is handed to the `onFailed` listeners inside the same transaction (the complaint's history
 *   records it, and Slack's case thread is owed a post about it), so staff hear of every failure exactly once.
 *
 * A notifier whose provider reports later calls, from its callback's handler:
 *
 *     await settlement.settle({ channel: 'email', providerRef: messageId }, 'failed', { error: 'SMTP 550: mailbox unknown' });
 *
 * Passing failures (a provider down for a while) are not outcomes: the relay tries again under its retry policy.
 */
@Injectable()
export class OutboxSettlement {
  private readonly logger = new Logger('OutboxSettlement');
  private readonly failedListeners: FailedListener[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: OutboxMessageRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Called with each message that failed for good, once. */
  onFailed(listener: FailedListener): void {
    this.failedListeners.push(listener);
  }

  /** Joins the caller's transaction when there is one, so a callback's own records and the settlement commit together. */
  async settle(target: SettleTarget, outcome: Outcome, detail: SettleDetail = {}): Promise<SettleResult> {
    const result = await this.uow.transaction(async (): Promise<SettleResult> => {
      const message = await this.messages.settle(target, outcome, {
        providerRef: detail.providerRef ?? null,
        lastError: outcome === 'failed' ? (detail.error ?? 'failed').slice(0, 1000) : null,
        at: this.clock.now().toISOString(),
      });
      if (!message) return { changed: false };
      if (outcome === 'failed') {
        this.logger.warn({ messageId: message.id, channel: message.channel, kind: message.kind, attempts: message.attempts }, 'Outbox message failed for good');
        for (const listener of this.failedListeners) await listener(message);
      }
      return { changed: true, message };
    });
    // a listener may have owed someone a message (staff, about the failure); inside a caller's transaction the
    // relay's next poll finds it once that commits
    if (result.changed && outcome === 'failed') this.outbox.committed();
    return result;
  }
}
