import { Inject, Injectable } from '@nestjs/common';
import { CaseHistory, type NewCaseEvent } from '../audit/case-history.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { DomainError, type ErrorKind } from '../common/domain-error.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { CaseEvent } from '../complaints/domain/case-events.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import type { Complaint } from '../complaints/domain/complaint.js';
import { INVOLVED_REFUSAL, isInvolved } from '../complaints/domain/complaint.machine.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { isUniqueViolation, UnitOfWork } from '../database/unit-of-work.js';
import { Outbox, type NewOutboxMessage } from '../notifications/outbox.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { DisputeRepository, type DisputeFigures } from './dispute.repository.js';
import { disputeMessages, reminderCheck } from './dispute-policies.js';
import { buildReferralPack, type ReferralPack } from './referral-pack.js';
import { explainOptions, type DisputeWordSettings } from './dispute-words.js';
import type { DisputeCommand } from './domain/dispute.commands.js';
import { disputeOptions, referralDeadline, type DisputeOption } from './domain/dispute-options.js';
import { decideDispute, offerDispute, type DisputeRejectionCode } from './domain/dispute.machine.js';
import type { Dispute, OfferTrigger } from './domain/dispute.js';

/** Days the organisation gives itself to carry out what a provider's outcome asks (ISO 10003: promptly). */
export const REMEDY_DAYS = 28;
/** How long before the last day to refer the one reminder goes, for a customer who asked for it. */
export const REMINDER_DAYS_BEFORE = 14;
const DAY_MS = 86_400_000;

const REJECTION_KIND: Record<DisputeRejectionCode, ErrorKind> = {
  dispute_invalid_transition: 'conflict',
  dispute_actor_not_allowed: 'forbidden',
  dispute_needs_supervisor: 'forbidden',
  dispute_option_not_offered: 'invalid',
  dispute_remedy_outstanding: 'conflict',
  dispute_no_remedy_owed: 'conflict',
  dispute_remedy_not_expected: 'invalid',
  dispute_reminder_not_owed: 'conflict',
};

/** Disputes still open to the customer's answer: asking again shows the same options rather than new ones. */
const AWAITING_ANSWER = new Set(['offered', 'deferred']);
/** Disputes the customer may have offered again, by asking "what can I do?". */
const REOFFERABLE = new Set(['declined', 'consent_withdrawn', 'deferred']);

class ConcurrentChange extends Error {}

/**
 * The one way into disputes for the staff API, Slack, the dispute dialog and the dispute watch. Every step is decided
 * by the pure machine, written with its case-history event and the messages it owes in one transaction.
 */
@Injectable()
export class DisputesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly disputes: DisputeRepository,
    private readonly complaints: ComplaintsService,
    private readonly caseHistory: CaseHistory,
    private readonly conduct: CodeOfConductService,
    private readonly outbox: Outbox,
    private readonly policies: OutboxPolicies,
    private readonly channels: ChannelRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The options this organisation offers, in the customer's language. */
  options(language = 'en'): DisputeOption[] {
    return disputeOptions(this.conduct.code, language);
  }

  wordSettings(): DisputeWordSettings {
    return {
      timeZone: this.conduct.timeZone(),
      locale: this.conduct.code.language,
      options: (language) => this.options(language),
      contactRoutes: this.conduct.code.organisation.contactRoutes.map((route) => `${route.label}: ${route.value}`).join('; '),
    };
  }

  /** The options in plain words, with the last day to refer in the customer's time zone. */
  explain(dispute: Dispute, language: string): string {
    return explainOptions(this.options(language), dispute.referralDeadline, language, this.wordSettings());
  }

  async find(reference: string): Promise<Dispute | undefined> {
    return (await this.disputes.find(reference))?.dispute;
  }

  async get(reference: string): Promise<Dispute> {
    const dispute = await this.find(reference);
    if (!dispute) throw new DomainError('not_found', 'dispute_not_found', `No dispute options have been offered on ${reference}.`);
    return dispute;
  }

  figures(): Promise<DisputeFigures> {
    return this.disputes.figures();
  }

  /**
   * Offers the options on a complaint, or returns the offer already made. A customer who declined or withdrew, or who
   * is deciding later, and asks again (or staff on their behalf) has the options offered again.
   */
  async offer(reference: string, trigger: OfferTrigger, actor: Actor, finalResponseAt?: Date): Promise<Dispute> {
    return this.change(reference, actor, (complaint, current, now) => {
      if (current) {
        const again = (trigger === 'customer_asked' || trigger === 'staff') && REOFFERABLE.has(current.status);
        return again ? this.decided(current, { type: 'reoffer', trigger }, actor, now) : undefined;
      }
      if (complaint.erasedAt !== null) return undefined;
      const options = this.options();
      const start = finalResponseAt ?? (complaint.proposedResponse ? new Date(complaint.proposedResponse.proposedAt) : now);
      const deadline = referralDeadline(options, start, this.conduct.timeZone());
      const offered = offerDispute(reference, { trigger, options: options.map((o) => o.id), referralDeadline: deadline }, now);
      return { dispute: offered.dispute, events: offered.events, created: true };
    });
  }

  /** Applies a step of the journey; its history, the customer's message and the card's update are written together. */
  async act(reference: string, command: DisputeCommand, actor: Actor): Promise<Dispute> {
    return this.change(reference, actor, (complaint, current, now) => {
      if (!current) throw new DomainError('not_found', 'dispute_not_found', `No dispute options have been offered on ${reference}.`);
      if (isInvolved(complaint, actor)) throw new DomainError('forbidden', INVOLVED_REFUSAL.code, INVOLVED_REFUSAL.message);
      return this.decided(current, command, actor, now);
    });
  }

  /**
   * The pack for the provider. With the customer's consent to share their case file it carries their contact, and
   * showing it is recorded like any disclosure; without it, it carries none.
   */
  async referralPack(reference: string, actor: Actor): Promise<ReferralPack> {
    const dispute = await this.get(reference);
    const providerName = dispute.providerId ? (this.options().find((o) => o.id === dispute.providerId)?.name ?? dispute.providerId) : null;
    const contact = dispute.consentToShare
      ? await this.complaints.discloseContact(reference, actor, `Referral pack for ${providerName ?? 'dispute resolution'}`)
      : null;
    const complaint = await this.complaints.get(reference);
    const { events, integrity } = await this.complaints.history(reference);
    return buildReferralPack({
      organisation: this.conduct.code.organisation.name,
      complaint,
      dispute,
      providerName,
      contact,
      events: events.map(({ seq, type, actor: by, at, data, hash, prevHash }) => ({ seq, type, actor: by, at, data, hash, prevHash })),
      verification: {
        intact: integrity.intact,
        events: integrity.events,
        ...('problem' in integrity ? { problem: integrity.problem } : {}),
        ...('firstBrokenSeq' in integrity ? { seq: integrity.firstBrokenSeq } : {}),
      },
      now: this.clock.now(),
    });
  }

  /** Sends the one reminder a customer asked for, if they have not answered meanwhile; false when none was owed. */
  async remind(reference: string): Promise<boolean> {
    const current = await this.find(reference);
    if (!current || !AWAITING_ANSWER.has(current.status) || !current.remindersWanted || current.reminderSentAt !== null) return false;
    await this.act(reference, { type: 'remind' }, { kind: 'system', id: 'dispute-watch' });
    return true;
  }

  private decided(current: Dispute, command: DisputeCommand, actor: Actor, now: Date): Applied {
    const decision = decideDispute(current, command, actor, { now, remedyDays: REMEDY_DAYS });
    if (!decision.ok) {
      throw new DomainError(REJECTION_KIND[decision.code], decision.code, decision.message, { status: current.status, allowed: decision.allowed });
    }
    return { dispute: decision.dispute, events: decision.events, created: false };
  }

  /** A reminder is owed when the customer, deciding later, asked for one and the window has a last day. */
  private reminderFor(before: Dispute | undefined, after: Dispute, now: Date): NewOutboxMessage[] {
    if (after.status !== 'deferred' || !after.remindersWanted || after.reminderSentAt !== null || !after.referralDeadline) return [];
    if (before?.status === 'deferred' && before.remindersWanted) return [];
    const at = Math.max(now.getTime(), Date.parse(after.referralDeadline) - REMINDER_DAYS_BEFORE * DAY_MS);
    return at < Date.parse(after.referralDeadline) ? [reminderCheck(after.reference, new Date(at))] : [];
  }

  /**
   * Reads the case and its dispute, lets `apply` decide, and writes the dispute, its history and the messages it owes
   * in one transaction. The version check makes a concurrent writer start again from the fresh dispute.
   */
  private async change(reference: string, actor: Actor, apply: (complaint: Complaint, current: Dispute | undefined, now: Date) => Applied | undefined): Promise<Dispute> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.transaction(async () => {
          const complaint = await this.complaints.get(reference);
          const stored = await this.disputes.find(reference, { forUpdate: true });
          const now = this.clock.now();
          const applied = apply(complaint, stored?.dispute, now);
          if (!applied) return stored?.dispute as Dispute;
          const at = now.toISOString();
          const dispute = { ...applied.dispute, updatedAt: at };
          if (applied.created) await this.disputes.insert(dispute);
          else if (!(await this.disputes.update(dispute, stored?.version ?? 0))) throw new ConcurrentChange();
          const events: NewCaseEvent[] = applied.events.map((event) => ({ ...event, actor, at }));
          await this.caseHistory.append(reference, events);
          const change = { before: complaint, after: complaint, events };
          await this.outbox.enqueue([
            // the card and thread in Slack follow every step, as they follow the complaint's
            ...this.policies.messagesFor(change),
            ...disputeMessages(this.channels, change, dispute),
            ...this.reminderFor(stored?.dispute, dispute, now),
          ]);
          return dispute;
        });
      } catch (error) {
        const retriable = error instanceof ConcurrentChange || isUniqueViolation(error);
        if (!retriable || attempt >= 5) {
          if (retriable) throw new DomainError('conflict', 'dispute_busy', 'The dispute is changing; try again.');
          throw error;
        }
      } finally {
        this.outbox.committed();
      }
    }
  }
}

interface Applied {
  dispute: Dispute;
  events: CaseEvent[];
  created: boolean;
}
