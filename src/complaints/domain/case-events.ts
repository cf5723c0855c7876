import type { Assessment, Priority } from './assessment.js';
import type { Channel, ComplaintStatus } from './complaint.js';

/** Written by every event that moves the case to another status. */
type Moved = { from: ComplaintStatus; to: ComplaintStatus };
/** Written when the event ended a wait for the customer: since when the case had waited. */
type Resumed = { pausedSince?: string };

/*
 * Payloads are object type literals, not interfaces, so that each is a JSON object the hash chain can take as it is.
 * Their field names and shapes are what the history has always stored: the chain covers them, and erasure finds the
 * personal fields by name (src/audit/hash-chain.ts).
 */

/** Every event Redress writes into a case's history, by type (namespaced, past tense), with what it records. */
export interface CaseEventMap {
  'complaint.received': {
    channel: Channel;
    /** Masked: the full contact is shown only on a recorded disclosure. */
    contact: string;
    category: string;
    description: string;
    remedySought: string | null;
    occurredOn: string | null;
    involvedStaffIds: string[];
    deadlines: { promiseId: string; dueAt: string }[];
  };
  'complaint.acknowledged': Moved;
  'complaint.assessed': { assessment: Assessment; priority: Priority } & Moved;
  'complaint.reassessed': { assessment: Assessment; priority: Priority };
  'complaint.investigation_started': Moved;
  'complaint.information_requested': { question: string } & Moved;
  'complaint.information_received': Resumed & { message?: string } & Moved;
  'complaint.response_proposed': { outcome: string; explanation: string; waiveTimeLimits?: boolean } & Moved;
  /**
   * A holding or delay response went to the customer: why there is no final response yet (`reason`, a personal field
   * as staff may name the customer's circumstances) and when it is expected. `promiseId` and `dueAt` name the promise
   * it kept, `onTime` whether it went before that was due.
   */
  'complaint.holding_response_sent': { reason: string; expectedBy: string; promiseId: string | null; dueAt: string | null; onTime: boolean };
  'complaint.response_accepted': Moved;
  'complaint.response_rejected': { reason?: string } & Moved;
  'complaint.marked_unresolved': Resumed & { reason: string } & Moved;
  'complaint.closed': { outcome: string; rootCause: string | null; acceptedByCustomer: boolean } & Moved;
  'complaint.withdrawn': Resumed & { reason?: string } & Moved;
  'complaint.reopened': { reason: string } & Moved;
  'complaint.assigned': { previousAssigneeId: string | null; assigneeId: string };
  'complaint.involvement_declared': { staffId: string; unassigned: boolean };
  /**
   * An internal note: staff only. `files` are those shared with it (kept where they were shared, `permalink`);
   * `source` names where it was written (`slack:C0123ABCD/1772445700.000200`), so that a later version can name it.
   */
  'note.added': { text: string; files?: NoteFile[]; source?: string };
  /** A new version of the note written at `source`, as its author edited it; the earlier versions stay in the history. */
  'note.edited': { text: string; files?: NoteFile[]; source: string };
  /** The customer asked for a person; `dueAt` is when a reply is promised by, if the code of conduct promises one. */
  'handoff.requested': { channel: Channel; dueAt: string | null };
  'message.sent_to_customer': { text: string; channel: Channel };
  'message.received_from_customer': { text: string; channel: Channel };
  'deadline.missed': { promiseId: string; indicator: string; dueAt: string };
  /** `contact` is where the message was going, masked. */
  'message.delivery_failed': { channel: string; kind: string; error: string; contact?: string };
  /** Who saw the full contact is the event's actor and why is its reason; nothing else is recorded. */
  'contact.disclosed': Record<string, never>;
  'contact.exported': { sections: string[] };
  /**
   * The customer's answer to "may we ask you afterwards how we did?" (ISO 10004): asked at intake, at closure when it
   * was not, or withdrawn at the survey. The latest answer counts.
   */
  'satisfaction.consent_recorded': { consent: boolean; askedAt: 'intake' | 'closure' | 'survey' };
  'customer.erased': Erasure;
  'case.anonymised': Erasure;
  /** ISO 10003: the dispute-resolution options were offered (`options` are provider ids, or `internal-review`). */
  'dispute.offered': { trigger: string; options: string[]; referralDeadline: string | null };
  /** The customer consented to refer, and separately (`shareCaseFile`) to share the case file, having read `wordingVersion`. */
  'dispute.consented': { providerId: string; shareCaseFile: boolean; wordingVersion: string } & DisputeMoved;
  'dispute.declined': { wordingVersion: string } & DisputeMoved;
  'dispute.deferred': { wordingVersion: string; reminders: boolean } & DisputeMoved;
  'dispute.consent_withdrawn': { providerId: string } & DisputeMoved;
  'dispute.reoffered': { trigger: string } & DisputeMoved;
  'dispute.referred': { providerId: string; shareCaseFile: boolean } & DisputeMoved;
  'dispute.accepted_by_provider': { providerId: string; providerReference: string } & DisputeMoved;
  /** `message` is the remedy the outcome asks of the organisation, due by `remedyDueAt`. */
  'dispute.outcome_recorded': { outcome: string; explanation: string; message?: string; remedyDueAt: string | null } & DisputeMoved;
  'dispute.remedy_implemented': { dueAt: string; onTime: boolean; daysToImplement: number; explanation?: string } & DisputeMoved;
  'dispute.closed': { outcome: string | null } & DisputeMoved;
  'dispute.reminder_sent': { referralDeadline: string | null };
  /**
   * The customer sent a file with the complaint (src/evidence), by `origin` (`webchat`, `sms`, `whatsapp`). Its name
   * is left out: a customer's file name can name people, and the list of personal fields is part of the hash scheme.
   */
  'evidence.added': { evidenceId: string; origin: string; kind: 'image' | 'pdf' | 'text'; size: number };
  /** Staff opened the list of a case's files (`evidenceId` null) or downloaded one; who is the event's actor. */
  'evidence.viewed': { evidenceId: string | null };
}

/** A file shared with a note: a reference to it where it lives, not the file. */
export type NoteFile = { id: string; name: string; type: string | null; size: number | null; permalink: string | null };

/** Written by every event that moves a dispute (src/disputes) to another stage. */
type DisputeMoved = { from: string; to: string };

/** How many events an erasure redacted, and the scheme 1 events whose fields only this event can vouch for. */
type Erasure = { redactedEvents: number; legacySeqs: number[] };

export type CaseEventType = keyof CaseEventMap;

/** One event as its writer produces it; the type decides the payload. */
export type CaseEventOf<T extends CaseEventType> = { type: T; data: CaseEventMap[T] };

export type CaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];

/** Narrows a list of events (or of anything that is one) to one type: `events.filter(isCaseEvent('note.added'))`. */
export function isCaseEvent<T extends CaseEventType>(type: T) {
  return <E extends CaseEvent>(event: E): event is Extract<E, { type: T }> => event.type === type;
}
