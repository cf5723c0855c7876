import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { Sql } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OUTBOX_STATUSES, type OutboxMessageRecord } from './outbox-message.entity.js';
import { Outbox } from './outbox.js';
import { settledStatus, type Outcome } from './settle-transition.js';

export type { Outcome } from './settle-transition.js';

/**
 * Which message an outcome is about: the outbox message's id (what a notifier is handed), or the provider's own id for
 * it on a channel (a Twilio Message SID, an email's Message-ID), which is all a provider's callback names.
 */
export type SettleTarget = { id: string } | { channel: string; providerRef: string };

export interface SettleDetail {
  /** The provider's id for the message, kept for its later callbacks (`sent` and `delivered` at send time). */
  providerRef?: string;
  /** Why it failed, in words staff can act on, with the provider's code (`Twilio 30003: undelivered`). */
  error?: string;
}

/** A message as it was settled, for whoever must hear of it. */
export type SettledMessage = Pick<
  OutboxMessageRecord,
  'id' | 'reference' | 'channel' | 'kind' | 'recipient' | 'payload' | 'status' | 'attempts' | 'providerId' | 'lastError' | 'conversation'
>;

export type SettleResult = { changed: true; message: SettledMessage } | { changed: false };

/** Runs inside the transaction that marks the message failed: what it writes stands or falls with that mark. */
export type FailedListener = (message: SettledMessage, manager: EntityManager) => Promise<void>;

const RETURNED = `RETURNING id, reference, channel, kind, recipient, payload, status, attempts, provider_id AS "providerId",
  last_error AS "lastError", conversation`;

/** One conditional update per outcome and way of naming the message, built from `settledStatus`. */
function statement(outcome: Outcome, by: 'id' | 'providerRef'): Sql {
  const from = OUTBOX_STATUSES.filter((status) => settledStatus(status, outcome) === outcome);
  const where = by === 'id' ? 'id = ?' : 'channel = ? AND provider_id = ?';
  return new Sql(
    `UPDATE outbox_messages SET status = '${outcome}', provider_id = COALESCE(?, provider_id), lease_until = NULL, last_error = ?,
       updated_at = ? WHERE ${where} AND status IN (${from.map((status) => `'${status}'`).join(', ')}) ${RETURNED}`,
  );
}

const STATEMENTS = new Map<string, Sql>();
function statementFor(outcome: Outcome, by: 'id' | 'providerRef'): Sql {
  const key = `${outcome}:${by}`;
  let sql = STATEMENTS.get(key);
  if (!sql) STATEMENTS.set(key, (sql = statement(outcome, by)));
  return sql;
}

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
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Called with each message that failed for good, once. */
  onFailed(listener: FailedListener): void {
    this.failedListeners.push(listener);
  }

  /** Joins the caller's transaction when there is one, so a callback's own records and the settlement commit together. */
  async settle(target: SettleTarget, outcome: Outcome, detail: SettleDetail = {}): Promise<SettleResult> {
    const result = await this.uow.transaction(async (manager): Promise<SettleResult> => {
      const by = 'id' in target ? 'id' : 'providerRef';
      const where = 'id' in target ? [target.id] : [target.channel, target.providerRef];
      const lastError = outcome === 'failed' ? (detail.error ?? 'failed').slice(0, 1000) : null;
      const { rows } = await statementFor(outcome, by).run<Omit<SettledMessage, 'recipient' | 'payload'> & { recipient: string; payload: string }>(
        manager,
        [detail.providerRef ?? null, lastError, this.clock.now().toISOString(), ...where],
      );
      if (rows.length === 0) return { changed: false };
      const row = rows[0];
      const message: SettledMessage = {
        ...row,
        attempts: Number(row.attempts),
        // simple-json columns: JSON text on both dialects
        recipient: JSON.parse(row.recipient) as Record<string, unknown>,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
      };
      if (outcome === 'failed') {
        this.logger.warn({ messageId: message.id, channel: message.channel, kind: message.kind, attempts: message.attempts }, 'Outbox message failed for good');
        for (const listener of this.failedListeners) await listener(message, manager);
      }
      return { changed: true, message };
    });
    // a listener may have owed someone a message (staff, about the failure); inside a caller's transaction the
    // relay's next poll finds it once that commits
    if (result.changed && outcome === 'failed') this.outbox.committed();
    return result;
  }
}
