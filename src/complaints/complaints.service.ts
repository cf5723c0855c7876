import { Inject, Injectable, Logger } from '@nestjs/common';
import { actorLabel, CaseHistory, type NewCaseEvent } from '../audit/case-history.js';
import type { CaseEventRecord } from '../audit/case-event.entity.js';
import type { HistoryVerdict } from '../audit/hash-chain.js';
import { DomainError, type ErrorKind } from '../common/domain-error.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { maskContact, maskContactsInText, parseContact, provenContact } from '../contacts/contact-format.js';
import { isUniqueViolation, UnitOfWork } from '../database/unit-of-work.js';
import { Outbox } from '../notifications/outbox.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { CLOCK, type Clock } from './clock.js';
import { ReportFactsRepository } from '../indicators/report-facts.repository.js';
import { ComplaintRepository, type ComplaintFilter, type VersionedComplaint } from './complaint.repository.js';
import type { Actor, ComplaintCommand } from './domain/complaint.commands.js';
import { decide, INVOLVED_REFUSAL, isInvolved, type MachineContext, type RejectionCode } from './domain/complaint.machine.js';
import type { CaseDeadline, Channel, Complaint, Contact } from './domain/complaint.js';
import type { NoteFile } from './domain/case-events.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { customerAddress } from './customer-address.js';
import { generateReference } from './domain/reference.js';
import { TEXT_LIMITS, type TextLimit } from './domain/text-limits.js';
import { anonymisedComplaint } from './domain/anonymised-complaint.js';
import { ComplaintSecretRepository } from './customer-desk/complaint-secret.repository.js';

export interface NewComplaint {
  channel: Channel;
  contact: Contact;
  customerName?: string;
  language: string;
  category: string;
  description: string;
  remedySought?: string;
  occurredOn?: string;
  receivedAt?: Date;
  originKey?: string;
  involvedStaffIds?: string[];
  /** Channels that answer the customer at once acknowledge in the same transaction as the receipt. */
  acknowledge?: boolean;
  /**
   * The contact is the address the complaint came from (a number a text was delivered from), so it is taken as it is
   * even where the numbering tables do not know it yet.
   */
  contactProven?: boolean;
}

export interface Page<T> {
  items: T[];
  /** Every match, up to LIST_TOTAL_CAP unless the filter asked for the exact count. */
  total: number;
  /** True when there are more matches than `total` says. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

type CaseUpdate = { complaint: Complaint; events: NewCaseEvent[] };

/** The event that records an erasure in the case's history: on a customer's request, or by the retention policy. */
export type ErasureEventType = 'customer.erased' | 'case.anonymised';

/** A writer lost a race with another change to the same case; the work is tried again on fresh state. */
class ConcurrentChange extends Error {}

const MAX_ATTEMPTS = 5;

const REJECTION_KIND: Record<RejectionCode, ErrorKind> = {
  complaint_invalid_transition: 'conflict',
  complaint_actor_not_allowed: 'forbidden',
  complaint_handler_involved: 'conflict',
  complaint_staff_involved: 'forbidden',
  complaint_reassign_needs_supervisor: 'forbidden',
  complaint_close_needs_supervisor: 'forbidden',
  complaint_final_deadline_not_passed: 'conflict',
  complaint_reopen_window_passed: 'conflict',
  complaint_already_assigned: 'conflict',
  complaint_expected_date_invalid: 'invalid',
};

/**
 * The one way into complaints for every caller: the staff API, dialogs, Slack and the scheduler all call these
 * methods, so the workflow, the deadlines and the history cannot differ between channels.
 */
@Injectable()
export class ComplaintsService {
  private readonly logger = new Logger('Complaints');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly records: ComplaintRepository,
    private readonly secrets: ComplaintSecretRepository,
    private readonly caseHistory: CaseHistory,
    private readonly conduct: CodeOfConductService,
    private readonly outbox: Outbox,
    private readonly policies: OutboxPolicies,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly channels: ChannelRegistry,
    private readonly reportFacts: ReportFactsRepository,
  ) {}

  async file(input: NewComplaint, actor: Actor): Promise<Complaint> {
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime()) {
      throw invalid('receivedAt', 'must not be in the future');
    }
    if (!this.conduct.categoryIds().includes(input.category)) {
      throw invalid('category', `must be one of ${this.conduct.categoryIds().join(', ')}`);
    }
    const contact = input.contactProven ? provenContact(input.contact) : parseContact(input.contact.kind, input.contact.value);
    if (!contact.ok) throw invalid('contact.value', contact.message);

    const received: Omit<Complaint, 'reference'> = {
      status: 'received',
      channel: input.channel,
      contact: contact.contact,
      originKey: input.originKey ?? null,
      customerName: input.customerName ?? null,
      language: input.language,
      category: input.category,
      description: input.description,
      remedySought: input.remedySought ?? null,
      occurredOn: input.occurredOn ?? null,
      assessment: null,
      priority: null,
      assigneeId: null,
      involvedStaffIds: input.involvedStaffIds ?? [],
      deadlines: this.deadlinesFrom(receivedAt, input.category),
      pausedAt: null,
      openQuestion: null,
      proposedResponse: null,
      closure: null,
      receivedAt: receivedAt.toISOString(),
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      withdrawnAt: null,
      erasedAt: null,
      updatedAt: now.toISOString(),
    };

    return this.retrying(() =>
      this.uow.transaction(async () => {
        let complaint: Complaint = { ...received, reference: generateReference() };
        const events: NewCaseEvent[] = [
          {
            type: 'complaint.received',
            actor,
            at: complaint.receivedAt,
            data: {
              channel: complaint.channel,
              contact: maskContact(complaint.contact),
              category: complaint.category,
              description: complaint.description,
              remedySought: complaint.remedySought,
              occurredOn: complaint.occurredOn,
              involvedStaffIds: complaint.involvedStaffIds,
              deadlines: complaint.deadlines.map(({ promiseId, dueAt }) => ({ promiseId, dueAt })),
            },
          },
        ];
        if (input.acknowledge) {
          // A customer cannot acknowledge their own complaint: the channel that answers them at once does.
          const acknowledger: Actor = actor.kind === 'customer' ? { kind: 'system', id: `${input.channel}-intake` } : actor;
          const decision = decide(complaint, { type: 'acknowledge' }, acknowledger, this.context(now));
          if (!decision.ok) throw new Error(`A new complaint could not be acknowledged: ${decision.code}`);
          complaint = decision.complaint;
          events.push(...decision.events.map((event) => ({ ...event, actor: acknowledger, at: now.toISOString() })));
        }
        await this.records.insert(complaint);
        await this.reportFacts.record(complaint, events);
        await this.caseHistory.append(complaint.reference, events, { newCase: true });
        await this.outbox.enqueue(this.policies.messagesFor({ before: null, after: complaint, events }));
        return complaint;
      }),
    ).finally(() => this.outbox.committed());
  }

  async get(reference: string): Promise<Complaint> {
    return (await this.load(reference)).complaint;
  }

  async list(filter: ComplaintFilter): Promise<Page<Complaint>> {
    const { items, total, capped } = await this.records.page(filter, this.clock.now().toISOString());
    return { items, total, totalCapped: capped, page: filter.page, pageSize: filter.pageSize };
  }

  /** Applies a workflow command; the change and its history are written together or not at all. */
  async act(reference: string, command: ComplaintCommand, actor: Actor, reason?: string): Promise<Complaint> {
    if (command.type === 'close' && command.rootCause !== undefined && !this.conduct.rootCauseIds().includes(command.rootCause)) {
      throw invalid('rootCause', `must be one of ${this.conduct.rootCauseIds().join(', ')}`);
    }
    // A response the regulator prescribes cannot go out without what it must say (code of conduct `responses`).
    const missing = this.conduct.missingResponseElements(command);
    if (missing.length > 0) {
      throw new DomainError('invalid', 'response_missing_element', `The response lacks ${missing.map((m) => m.field).join(', ')}.`, { fields: missing });
    }
    const { complaint } = await this.changeCase(reference, (current, now) => {
      refuseErased(current);
      // The code of conduct promises to tell the customer who is dealing with their complaint: the first person to
      // take a case that nobody has acknowledged yet is who the acknowledgement names, so taking it acknowledges it.
      const steps: ComplaintCommand[] = command.type === 'assign' && current.status === 'received' ? [{ type: 'acknowledge' }, command] : [command];
      let changed = current;
      const events: NewCaseEvent[] = [];
      for (const step of steps) {
        const decision = decide(changed, step, actor, this.context(now));
        if (!decision.ok) {
          throw new DomainError(REJECTION_KIND[decision.code], decision.code, decision.message, {
            status: current.status,
            allowed: decision.allowed,
          });
        }
        changed = decision.complaint;
        events.push(...decision.events.map((event) => ({ ...event, actor, at: now.toISOString(), reason })));
      }
      return { complaint: changed, events };
    });
    return complaint;
  }

  /** An internal note: staff only, never sent to the customer. */
  async addNote(reference: string, text: string, actor: Actor, details: { files?: NoteFile[]; source?: string } = {}): Promise<CaseEventRecord> {
    refuseTooLong(text, 'note');
    const data = { text, ...(details.files?.length ? { files: details.files } : {}), ...(details.source ? { source: details.source } : {}) };
    const { events } = await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'note.added', actor, at: now.toISOString(), data }],
    }));
    return events[0];
  }

  /** A new version of a note its author edited where they wrote it (`source`); the history keeps every version. */
  async editNote(reference: string, source: string, text: string, actor: Actor, files: NoteFile[] = []): Promise<CaseEventRecord> {
    refuseTooLong(text, 'note');
    const data = { text, ...(files.length ? { files } : {}), source };
    const { events } = await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'note.edited', actor, at: now.toISOString(), data }],
    }));
    return events[0];
  }

  /**
   * The customer asked to talk to a person about this complaint: recorded in its history, from which staff are
   * alerted (in the card's thread) and, with `dueAt`, the promised reply is checked.
   */
  async recordHandOff(reference: string, channel: Channel, dueAt: string | null): Promise<Complaint> {
    const { complaint } = await this.changeCase(reference, (current, now) => ({
      complaint: current,
      events: [{ type: 'handoff.requested', actor: { kind: 'customer' }, at: now.toISOString(), data: { channel, dueAt } }],
    }));
    return complaint;
  }

  /**
   * A message from staff to the customer, sent on the customer's own channel through the outbox. Only this method
   * (and the workflow's own status updates) ever addresses a customer: internal notes never do.
   */
  async replyToCustomer(reference: string, text: string, actor: Actor): Promise<Complaint> {
    refuseTooLong(text, 'reply');
    const { complaint } = await this.changeCase(reference, (current, now) => {
      refuseErased(current);
      refuseInvolved(current, actor);
      if (current.status === 'closed' || current.status === 'withdrawn') {
        throw new DomainError('conflict', 'complaint_ended', `The complaint is ${current.status}; reopen it to write to the customer.`);
      }
      return {
        complaint: current,
        events: [{ type: 'message.sent_to_customer', actor, at: now.toISOString(), data: { text, channel: customerAddress(current, this.channels).channel } }],
      };
    });
    return complaint;
  }

  /** A message the customer sent about their case, kept in its history (and mirrored to staff). */
  async recordCustomerMessage(reference: string, text: string, channel: Channel): Promise<void> {
    await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'message.received_from_customer', actor: { kind: 'customer' }, at: now.toISOString(), data: { text, channel } }],
    }));
  }

  /** The customer said whether they may be asked afterwards how we did; the latest answer counts. */
  async recordSurveyConsent(reference: string, consent: boolean, askedAt: 'intake' | 'closure' | 'survey'): Promise<void> {
    await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'satisfaction.consent_recorded', actor: { kind: 'customer' }, at: now.toISOString(), data: { consent, askedAt } }],
    }));
  }

  /** A promise of the code of conduct was not kept: part of the record a compliance officer reads. */
  async recordMissedDeadline(reference: string, deadline: { promiseId: string; indicator: string; dueAt: string }): Promise<void> {
    await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'deadline.missed', actor: { kind: 'system', id: 'deadline-watch' }, at: now.toISOString(), data: deadline }],
    }));
  }

  /**
   * A message owed on this case could not be delivered for good: staff must know, and find another way. `contact` is
   * where it was going, masked.
   */
  async recordDeliveryFailure(reference: string, failure: { channel: string; kind: string; error: string; contact?: string }): Promise<void> {
    await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'message.delivery_failed', actor: { kind: 'system', id: 'outbox' }, at: now.toISOString(), data: failure }],
    }));
  }

  /** Shows the customer's full contact to someone who needs it, and records who, when and why. */
  async discloseContact(reference: string, actor: Actor, reason: string): Promise<Contact> {
    const { complaint } = await this.changeCase(reference, (current, now) => {
      // someone the customer complains about has no business reaching them directly
      refuseInvolved(current, actor);
      return { complaint: current, events: [{ type: 'contact.disclosed', actor, at: now.toISOString(), reason, data: {} }] };
    });
    // Besides the case history, a line in the log: reads of a full contact are what an auditor of access looks for.
    this.logger.log(
      { staff: actor.kind === 'staff' ? actor.id : actorLabel(actor), reference, contact: maskContact(complaint.contact), reason: maskContactsInText(reason).slice(0, 200) },
      'Full contact shown',
    );
    return complaint.contact;
  }

  /**
   * Everything held about the customer was handed over (a subject access request): recorded in the case like a
   * disclosure, with the sections the export held, never the contact itself.
   */
  async recordExport(reference: string, actor: Actor, details: { sections: string[]; reason: string | null }): Promise<void> {
    await this.changeCase(reference, (complaint, now) => ({
      complaint,
      events: [{ type: 'contact.exported', actor, at: now.toISOString(), reason: details.reason, data: { sections: details.sections } }],
    }));
  }

  /**
   * Erases what identifies the customer and what anyone wrote in the case, in the complaint and in every event of its
   * history, keeping what counts it (status, category, dates, deadlines, outcome, root cause). The history still
   * verifies (see hash-chain.ts) and records the erasure: who, when, and how many events it redacted.
   */
  async erase(reference: string, actor: Actor, type: ErasureEventType, reason: string | null): Promise<{ redactedEvents: number }> {
    let redactedEvents = 0;
    await this.changeCase(reference, async (current, now) => {
      const at = now.toISOString();
      const redaction = await this.caseHistory.redact(reference, at);
      redactedEvents = redaction.events;
      // the way back to the case was the customer's; there is nothing of theirs left to come back to
      await this.secrets.delete(reference);
      return {
        complaint: anonymisedComplaint(current, at),
        events: [{ type, actor, at, reason, data: { redactedEvents: redaction.events, legacySeqs: redaction.legacySeqs } }],
      };
    });
    return { redactedEvents };
  }

  async history(reference: string): Promise<{ events: CaseEventRecord[]; integrity: HistoryVerdict }> {
    return this.uow.snapshot(async () => {
      await this.load(reference);
      const events = await this.caseHistory.list(reference);
      return { events, integrity: await this.caseHistory.verify(reference, events) };
    });
  }

  /**
   * Reads the case, lets `apply` decide, and writes the case and its new history in one transaction. The version
   * check makes a concurrent writer start again from the fresh case instead of overwriting it.
   */
  private changeCase(
    reference: string,
    apply: (complaint: Complaint, now: Date) => CaseUpdate | Promise<CaseUpdate>,
  ): Promise<{ complaint: Complaint; events: CaseEventRecord[] }> {
    return this.retrying(() =>
      this.uow.transaction(async () => {
        const read = await this.load(reference, { forUpdate: true });
        const now = this.clock.now();
        const applied = await apply(read.complaint, now);
        const complaint = { ...applied.complaint, updatedAt: now.toISOString() };
        if (!(await this.records.update(complaint, read.version))) throw new ConcurrentChange();
        const events = await this.caseHistory.append(reference, applied.events);
        await this.reportFacts.record(complaint, events);
        const change = { before: read.complaint, after: complaint, events: applied.events, eventIds: events.map((event) => event.id) };
        await this.outbox.enqueue(this.policies.messagesFor(change));
        return { complaint, events };
      }),
    ).finally(() => this.outbox.committed());
  }

  private async load(reference: string, options = { forUpdate: false }): Promise<VersionedComplaint> {
    const read = await this.records.find(reference, options);
    if (!read) throw new DomainError('not_found', 'complaint_not_found', `No complaint has the reference ${reference}.`);
    return read;
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const retriable = error instanceof ConcurrentChange || isUniqueViolation(error);
        if (!retriable || attempt >= MAX_ATTEMPTS) {
          if (retriable) throw new DomainError('conflict', 'complaint_busy', 'The case is changing; try again.');
          throw error;
        }
      }
    }
  }

  private deadlinesFrom(start: Date, category: string): CaseDeadline[] {
    return this.conduct.computeDeadlines(start, category).map((d) => ({ ...d, settledAt: null }));
  }

  private context(now: Date): MachineContext {
    return {
      now,
      reopenWindowDays: this.conduct.reopenWindowDays(),
      deadlinesFrom: (start, category) => this.deadlinesFrom(start, category),
      latestExpectedBy: (promiseId, receivedAt) => this.conduct.latestExpectedDate(promiseId, receivedAt),
      extendDeadlines: (deadlines, pausedFrom, resumedAt) => {
        const running = deadlines.filter((d) => d.settledAt === null);
        const extended = this.conduct.extendDeadlines(running, pausedFrom, resumedAt);
        return deadlines.map((d) => {
          const moved = d.settledAt === null ? extended.find((e) => e.promiseId === d.promiseId) : undefined;
          return moved ? { ...d, dueAt: moved.dueAt, warnAt: moved.warnAt } : d;
        });
      },
    };
  }
}

/** An erased complaint counts in reports and can no longer move: there is no customer left to answer. */
function refuseErased(complaint: Complaint): void {
  if (complaint.erasedAt !== null) {
    throw new DomainError('conflict', 'complaint_erased', 'The customer’s details were erased from this complaint; it can no longer change.');
  }
}

/** Someone named as involved neither acts on the case nor reaches its customer (see isInvolved). */
function refuseInvolved(complaint: Complaint, actor: Actor): void {
  if (isInvolved(complaint, actor)) throw new DomainError('forbidden', INVOLVED_REFUSAL.code, INVOLVED_REFUSAL.message);
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid', 'validation_failed', `Invalid ${field}.`, { fields: [{ field, message }] });
}

/**
 * The API's schemas hold these limits at its edge; Slack's thread notes and slash command reach the service without
 * them, so the service holds the line for every caller.
 */
function refuseTooLong(text: string, limit: TextLimit): void {
  const max = TEXT_LIMITS[limit];
  if (text.length <= max) return;
  throw new DomainError('invalid', 'text_too_long', `The ${limit} has ${text.length} characters; at most ${max} are taken.`, {
    field: limit,
    limit: max,
    length: text.length,
  });
}
