import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { Sql, SqlForLists } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DeliveryError } from './channel-notifier.js';
import { NotifierRegistry } from './notifier-registry.js';
import { Outbox } from './outbox.js';
import { OutboxMessageRecord } from './outbox-message.entity.js';
import { nextAttemptDelay, type RetryPolicy } from './retry-policy.js';

export const RETRY_POLICY = Symbol('RETRY_POLICY');

export interface RelaySettings {
  pollIntervalMs: number;
  /** How long a claimed message stays claimed: a relay that dies mid-send loses its claim after this. */
  leaseMs: number;
  batchSize: number;
}

export const RELAY_SETTINGS = Symbol('RELAY_SETTINGS');

export const DEFAULT_RELAY_SETTINGS: Omit<RelaySettings, 'leaseMs'> = { pollIntervalMs: 1_000, batchSize: 20 };

type FailureListener = (message: OutboxMessageRecord) => Promise<void>;

/** Pending and due, or claimed by a relay whose lease has run out (it crashed or hung mid-send). */
const DUE = "((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))";

/** Due messages, oldest first. A relay pass runs these for every batch it sends, so they are written by hand (see Sql). */
const DUE_MESSAGES = new Sql(
  `SELECT id, reference, channel, kind, recipient, payload, dedupe_key AS "dedupeKey", status, attempts, next_attempt_at AS "nextAttemptAt",
     lease_until AS "leaseUntil", provider_id AS "providerId", last_error AS "lastError", created_at AS "createdAt", updated_at AS "updatedAt"
   FROM outbox_messages WHERE ${DUE} ORDER BY next_attempt_at ASC LIMIT ?`,
);
/** Claims those of the listed messages still due, all in one statement: a relay on another instance may have taken some. */
const CLAIM_MESSAGES = new SqlForLists(
  (ids) => `UPDATE outbox_messages SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
   WHERE id IN (${ids}) AND ${DUE} RETURNING id`,
);
/** Only a message still being sent: a delivery callback that came first has already said more than we know. */
const HANDED_OVER = new Sql(
  "UPDATE outbox_messages SET status = ?, provider_id = ?, lease_until = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND status = 'sending'",
);

/**
 * Delivers outbox messages: at least once to the provider, retried with backoff until delivered or marked failed.
 * Several instances may run against one PostgreSQL database: a message is claimed by a conditional update, so only
 * one relay sends it at a time.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | undefined;
  /** Passes run one after another; `queued` coalesces kicks that arrive while one is waiting to start. */
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;
  private readonly failureListeners: FailureListener[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly registry: NotifierRegistry,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
    @Inject(RELAY_SETTINGS) private readonly settings: RelaySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.unsubscribe = this.outbox.onCommitted(() => this.kick());
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.chain;
  }

  /** Called with each message that will not be tried again, so staff can be told. */
  onFailure(listener: FailureListener): void {
    this.failureListeners.push(listener);
  }

  /** Asks for a pass soon; a pass already waiting to start will see whatever prompted this. */
  kick(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    // A kick from inside a transaction must not run the pass inside it: the pass outlives it.
    this.uow.detached(() =>
      this.drain().catch((error: unknown) => this.logger.error({ err: error }, 'Outbox relay pass failed')),
    );
  }

  /** Delivers everything due now, after any pass already under way; resolves when nothing due is left. */
  drain(): Promise<void> {
    const pass = this.chain.then(() => {
      this.queued = false;
      return this.deliverDue();
    });
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async deliverDue(): Promise<void> {
    for (;;) {
      const claimed = await this.claimBatch();
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((message) => this.deliver(message)));
      if (this.stopped) return;
    }
  }

  /** Claims a batch of due messages in one statement: those another relay took meanwhile are left out. */
  private async claimBatch(): Promise<OutboxMessageRecord[]> {
    const now = this.clock.now().toISOString();
    const { rows } = await this.uow.read((manager) =>
      DUE_MESSAGES.run<Omit<OutboxMessageRecord, 'recipient' | 'payload'> & { recipient: string; payload: string }>(manager, [
        now,
        now,
        this.settings.batchSize,
      ]),
    );
    if (rows.length === 0) return [];
    const leaseUntil = new Date(Date.parse(now) + this.settings.leaseMs).toISOString();
    const { rows: taken } = await this.uow.transaction((manager) =>
      CLAIM_MESSAGES.for(rows.length).run<{ id: string }>(manager, [leaseUntil, now, ...rows.map((row) => row.id), now, now]),
    );
    const claimed = new Set(taken.map((row) => row.id));
    return rows
      .filter((row) => claimed.has(row.id))
      .map((row) =>
        Object.assign(new OutboxMessageRecord(), {
          ...row,
          // simple-json columns: JSON text on both dialects
          recipient: JSON.parse(row.recipient) as Record<string, unknown>,
          payload: JSON.parse(row.payload) as Record<string, unknown>,
          status: 'sending' as const,
          attempts: row.attempts + 1,
          leaseUntil,
        }),
      );
  }

  private async deliver(message: OutboxMessageRecord): Promise<void> {
    const notifier = this.registry.get(message.channel);
    try {
      if (!notifier) throw new DeliveryError(`No ${message.channel} channel is configured`, true);
      const receipt = await notifier.deliver(message);
      const status = receipt.delivered ? 'delivered' : 'sent';
      await this.uow.transaction((manager) =>
        HANDED_OVER.run(manager, [status, receipt.providerId ?? null, this.clock.now().toISOString(), message.id]),
      );
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const delay = permanent ? null : nextAttemptDelay(message.attempts, this.policy);
      const lastError = error instanceof Error ? error.message.slice(0, 1000) : String(error);
      if (delay === null) {
        await this.update(message.id, { status: 'failed', leaseUntil: null, lastError });
        this.logger.warn({ messageId: message.id, channel: message.channel, kind: message.kind, attempts: message.attempts }, 'Outbox message failed for good');
        for (const listener of this.failureListeners) await listener({ ...message, status: 'failed', lastError });
      } else {
        const nextAttemptAt = new Date(this.clock.now().getTime() + delay).toISOString();
        await this.update(message.id, { status: 'pending', leaseUntil: null, lastError, nextAttemptAt });
      }
    }
  }

  private update(
    id: string,
    changes: Partial<Pick<OutboxMessageRecord, 'status' | 'leaseUntil' | 'lastError' | 'nextAttemptAt'>>,
  ): Promise<unknown> {
    const updatedAt = this.clock.now().toISOString();
    // Only a message still being sent: a delivery callback that came first has already said more than we know.
    return this.uow.transaction((manager) =>
      manager.update(OutboxMessageRecord, { id, status: 'sending' }, { ...changes, updatedAt }),
    );
  }
}
