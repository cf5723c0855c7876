import { Injectable } from '@nestjs/common';
import type { Contact } from '../complaints/domain/complaint.js';

/**
 * Whose data an export covers: the contact asked about, and every conversation of theirs Redress knows, as
 * `<channel>:<address>` keys (`sms:+447911123456`, `webchat:<conversation id>`): the contact's own and each
 * conversation a complaint of theirs came from.
 */
export interface DataSubject {
  contact: Contact;
  conversations: readonly string[];
  /** Their complaints' references. */
  references: readonly string[];
  /** The ids of outbox messages to them or about their complaints. */
  outboxMessageIds: readonly string[];
  /**
   * Dialog state keys of theirs beyond `<channel>/conversations/<id>/` and `<channel>/users/<id>/`, which a channel
   * knows of its own conversations (a web chat's user id, a Bot Service conversation's own channel).
   */
  dialogStateKeys: readonly string[];
}

/** Instants before which the retention policy lets data go, as ISO strings (the form every table stores). */
export interface RetentionCutoffs {
  abandonedConversationsBefore: string;
  inboundMessagesBefore: string;
  dialogStateBefore: string;
  /** Complaints closed or withdrawn before this are anonymised; absent when the policy keeps them. */
  closedCasesBefore?: string;
}

/** Which conversations a complaint holds on to, so that a sweep never takes what a case still needs. */
export interface ComplaintLinks {
  /** The keys among `conversations` that a complaint came from or reaches its customer on; `open` for open ones only. */
  linked(conversations: readonly string[], which: 'any' | 'open'): Promise<Set<string>>;
}

/** What one part of Redress holds about customers, and how it lets go of it. Registered with CustomerDataRegistry. */
export interface CustomerDataSource {
  /** The section of an export it fills: `complaints`, `sms`, `webchat`. */
  readonly name: string;
  /** Dialog state keys of the subject's conversations that only this part can name (see DataSubject.dialogStateKeys). */
  dialogStateKeys?(conversations: readonly string[]): Promise<string[]>;
  /** Everything it holds about the subject, ready for JSON. */
  export(subject: DataSubject): Promise<Record<string, unknown>>;
  /**
   * Deletes everything it holds of the subject's conversations and of the messages in `outboxMessageIds` (erasure on
   * request, or a closed case anonymised), and says how many rows of each kind went. Their complaints are erased
   * already; a conversation another complaint still holds is not in the subject.
   */
  erase(subject: DataSubject): Promise<Record<string, number>>;
  /** Deletes what the policy no longer allows it to keep, and says how many rows of each kind went (no personal data). */
  sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>>;
}

/**
 * Every part that holds customer data registers here (the core's own tables, each channel adapter's), so that an
 * export, an erasure and the retention sweep cover them all without the core naming any adapter.
 */
@Injectable()
export class CustomerDataRegistry {
  private readonly sources = new Map<string, CustomerDataSource>();

  register(source: CustomerDataSource): void {
    if (this.sources.has(source.name)) throw new Error(`Customer data source ${source.name} is registered twice`);
    this.sources.set(source.name, source);
  }

  all(): CustomerDataSource[] {
    return [...this.sources.values()];
  }
}
