import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ClaimLoop } from '../database/claim-loop.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { InstanceState } from '../health/instance-state.js';
import { OperationsMetrics } from '../metrics/operations-metrics.js';
import { DeliveryError, type DeliveryReceipt } from './channel-notifier.js';
import { NotifierRegistry } from './notifier-registry.js';
import { Outbox } from './outbox.js';
import type { OutboxMessageRecord } from './outbox-message.entity.js';
import { OutboxMessageRepository } from './outbox-message.repository.js';
import { OutboxSettlement } from './outbox-settlement.js';
import { nextAttemptDelay, type RetryPolicy } from './retry-policy.js';
import { StaffReplyTexts } from './rendering/staff-reply-texts.js';

export const RETRY_POLICY = Symbol('RETRY_POLICY');

export interface RelaySettings {
  pollIntervalMs: number;
  /** How long a claimed message stays claimed: a relay that dies mid-send loses its claim after this. */
  leaseMs: number;
  /** Most messages being sent at once. */
  capacity: number;
}

export const RELAY_SETTINGS = Symbol('RELAY_SETTINGS');

export const DEFAULT_RELAY_SETTINGS: Omit<RelaySettings, 'leaseMs'> = { pollIntervalMs: 1_000, capacity: 20 };

/**
 * Delivers outbox messages: at least once to the provider, retried with backoff until delivered or marked failed, and
 * a customer conversation's messages one after another in the order they were written (see OutboxMessageRepository). Several instances may run against one PostgreSQL database: a message is claimed by a conditional update, so only
 * one relay sends it at a time.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | undefined;
  private readonly loop: ClaimLoop<OutboxMessageRecord>;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: OutboxMessageRepository,
    private readonly registry: NotifierRegistry,
    private readonly outbox: Outbox,
    private readonly settlement: OutboxSettlement,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
    @Inject(RELAY_SETTINGS) private readonly settings: RelaySettings,
    private readonly metrics: OperationsMetrics,
    private readonly instance: InstanceState,
    private readonly staffReplies: StaffReplyTexts,
  ) {
    this.loop = new ClaimLoop({
      capacity: settings.capacity,
      claim: (room) => this.claim(room),
      handle: (message) => this.deliver(message),
      failed: (error, message) => this.logger.error({ err: error, messageId: message.id }, 'Outbox message could not be settled'),
    });
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.unsubscribe = this.outbox.onCommitted(() => this.kick());
    this.outbox.handOverTo({ reserve: () => this.reserve(), take: (message) => this.take(message), release: () => this.loop.release() });
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.instance.onDraining(() => this.stopClaiming());
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopClaiming();
  }

  /**
   * Claims nothing more (messages, deadline and survey checks), and resolves when the sends in hand are settled. What
   * is owed meanwhile waits in the outbox for another instance or the next start.
   */
  private stopClaiming(): Promise<void> {
    this.stopped = true;
    this.outbox.handOverTo(undefined);
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    return this.loop.stop();
  }

  /** Asks for delivery of whatever is due; messages already being sent carry on meanwhile. */
  kick(): void {
    if (this.stopped) return;
    // A kick from inside a transaction must not run the pass inside it: the pass outlives it.
    this.uow.detached(() => this.drain().catch((error: unknown) => this.logger.error({ err: error }, 'Outbox relay pass failed')));
  }

  /** Delivers everything due now; resolves when nothing due is left and nothing is being sent. */
  drain(): Promise<void> {
    return this.loop.run();
  }

  /** A place for a message claimed by the transaction that writes it (see Outbox.enqueueHandedOver), and its lease. */
  private reserve(): { leaseUntil: string } | undefined {
    if (this.stopped || !this.loop.reserve()) return undefined;
    return { leaseUntil: new Date(this.clock.now().getTime() + this.settings.leaseMs).toISOString() };
  }

  /** Sends a handed-over message now; stopped meanwhile, gives it back to be claimed by another instance or the next start. */
  private take(message: OutboxMessageRecord): void {
    if (!this.stopped) return this.loop.adopt(message);
    this.loop.release();
    const now = this.clock.now().toISOString();
    this.messages
      .release(message, { status: 'pending', leaseUntil: null, nextAttemptAt: now, updatedAt: now })
      .catch((error: unknown) => this.logger.error({ err: error, messageId: message.id }, 'Outbox message could not be given back'));
  }

  private async claim(room: number): Promise<OutboxMessageRecord[]> {
    const now = this.clock.now().toISOString();
    const leaseUntil = new Date(Date.parse(now) + this.settings.leaseMs).toISOString();
    // in the order they start in; a conversation has at most one among them
    return this.messages.claimDue(now, leaseUntil, room);
  }

  private async deliver(message: OutboxMessageRecord): Promise<void> {
    const settled = await this.settle(message);
    // the next message of its conversation was held back while this one was owed, and was not claimed
    if (settled && message.conversation && (await this.messages.hasPendingIn(message.conversation))) this.kick();
  }

  /**
   * Sends one message and settles what became of it (see OutboxSettlement: a callback that came first may have
   * settled it already, and then what the relay heard is older news); false when it is to be tried again later.
   */
  private async settle(message: OutboxMessageRecord): Promise<boolean> {
    const notifier = this.registry.get(message.channel);
    let receipt: DeliveryReceipt;
    try {
      if (!notifier) throw new DeliveryError(`No ${message.channel} channel is configured`, true);
      receipt = await this.withinHalfLease(notifier.deliver(await this.staffReplies.complete(message)));
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const delay = permanent ? null : nextAttemptDelay(message.attempts, this.policy);
      const lastError = error instanceof Error ? error.message.slice(0, 1000) : String(error);
      if (delay === null) {
        await this.settlement.settle({ id: message.id }, 'failed', { error: lastError });
        this.metrics.sendSettled(message.channel, 'failed');
        return true;
      }
      let nextAttemptAt = new Date(this.clock.now().getTime() + delay).toISOString();
      // Given up waiting, the send may still be under way (a request to the provider ends at the latest when the claim's
      // lease lapses): tried again sooner, a text the provider is taking meanwhile could go twice.
      if (error instanceof GaveUpWaiting && message.leaseUntil && message.leaseUntil > nextAttemptAt) nextAttemptAt = message.leaseUntil;
      await this.messages.release(message, { status: 'pending', leaseUntil: null, lastError, nextAttemptAt, updatedAt: this.clock.now().toISOString() });
      this.metrics.sendSettled(message.channel, 'retried');
      return false;
    }
    const outcome = receipt.delivered ? 'delivered' : 'sent';
    const { recordWithSettlement } = receipt;
    await this.uow.transaction(async () => {
      await recordWithSettlement?.();
      await this.settlement.settle({ id: message.id }, outcome, { providerRef: receipt.providerId });
    });
    this.metrics.sendSettled(message.channel, outcome);
    return true;
  }

  /**
   * A send the provider never answers would hold its place for good, and outlive its claim so that another pass sends
   * it again while this one still waits: it is given up at half the lease and tried again like any passing failure.
   */
  private withinHalfLease(sending: Promise<DeliveryReceipt>): Promise<DeliveryReceipt> {
    const limitMs = this.settings.leaseMs / 2;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // what the notifier hears after this is still written down, for the next try to find
        sending
          .then((receipt) => receipt.recordWithSettlement && this.uow.transaction(receipt.recordWithSettlement))
          .catch(() => undefined);
        reject(new GaveUpWaiting(`No answer from the provider within ${limitMs / 1000} s`));
      }, limitMs);
    });
    return Promise.race([sending, late]).finally(() => clearTimeout(timer));
  }
}

/** The relay stopped waiting for a send; the notifier may still be at it. */
class GaveUpWaiting extends DeliveryError {
  constructor(message: string) {
    super(message, false);
  }
}
