import { Injectable } from '@nestjs/common';
import { caseEventView } from '../complaints/complaint.view.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { ProofAttemptRepository } from '../complaints/customer-desk/proof-attempt.repository.js';
import { HandOffRepository } from '../complaints/hand-offs/hand-off.repository.js';
import { DialogStateRepository } from '../database/dialog-state/dialog-state.repository.js';
import { OutboxMessageRepository } from '../notifications/outbox-message.repository.js';
import { conversationOfDialogState, dialogStateKeysOf } from './conversation-keys.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from './customer-data.js';

/**
 * What the core holds about a customer: their complaints with each case's history, hand-offs, messages owed to them,
 * their tries at proving a case theirs, and the dialogs' state of their conversations.
 */
@Injectable()
export class CoreCustomerData implements CustomerDataSource {
  readonly name = 'complaints';

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly handOffs: HandOffRepository,
    private readonly outboxMessages: OutboxMessageRepository,
    private readonly proofAttempts: ProofAttemptRepository,
    private readonly dialogStates: DialogStateRepository,
  ) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const complaints: Record<string, unknown>[] = [];
    for (const reference of subject.references) {
      const complaint = await this.complaints.get(reference);
      const { events, integrity } = await this.complaints.history(reference);
      complaints.push({ ...complaint, history: { integrity, events: events.map(caseEventView) } });
    }
    const conversations = [...subject.conversations];
    const stateKeys = [...conversations.flatMap(dialogStateKeysOf), ...subject.dialogStateKeys];
    return {
      complaints,
      handOffs: await this.handOffs.ofRequesters(conversations),
      outboxMessages: await this.outboxMessages.findByIds([...subject.outboxMessageIds]),
      proofAttempts: await this.proofAttempts.ofRequesters(conversations),
      dialogStates: (await this.dialogStates.ofKeys(stateKeys)).map((row) => ({
        key: row.id,
        updatedAt: row.updatedAt,
        state: JSON.parse(row.state) as unknown,
      })),
    };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const conversations = [...subject.conversations];
    const stateKeys = [...conversations.flatMap(dialogStateKeysOf), ...subject.dialogStateKeys];
    return {
      dialogStates: await this.dialogStates.deleteKeys(stateKeys),
      handOffs: await this.handOffs.deleteOfRequesters(conversations),
      // a message the relay is sending right now is left to it; the erasure runs again if asked
      outboxMessages: await this.outboxMessages.deleteSettledOrWaiting([...subject.outboxMessageIds]),
      proofAttempts: await this.proofAttempts.deleteOfRequesters(conversations),
    };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const states = await this.dialogStates.updatedBefore(cutoffs.dialogStateBefore);
    const stateOwners = await links.linked(states.flatMap((key) => conversationOfDialogState(key) ?? []), 'open');
    const staleStates = states.filter((key) => !stateOwners.has(conversationOfDialogState(key) ?? ''));

    const handOffs = await this.handOffs.madeBefore(cutoffs.abandonedConversationsBefore);
    const handOffOwners = await links.linked(handOffs.map((h) => h.requesterKey), 'any');

    // Messages about no case, to a customer conversation: dialog replies and hand-off answers.
    const messages = await this.outboxMessages.settledWithoutCaseBefore(cutoffs.abandonedConversationsBefore);
    const messageOwners = await links.linked(messages.map((m) => m.conversation), 'any');

    const attempts = await this.proofAttempts.madeBefore(cutoffs.abandonedConversationsBefore);
    const attemptOwners = await links.linked(attempts.map((a) => a.requesterKey), 'any');

    return {
      dialogStates: await this.dialogStates.deleteKeys(staleStates),
      handOffs: await this.handOffs.deleteByIds(handOffs.filter((h) => !handOffOwners.has(h.requesterKey)).map((h) => h.id)),
      outboxMessages: await this.outboxMessages.deleteByIds(messages.filter((m) => !messageOwners.has(m.conversation)).map((m) => m.id)),
      proofAttempts: await this.proofAttempts.deleteByIds(attempts.filter((a) => !attemptOwners.has(a.requesterKey)).map((a) => a.id)),
    };
  }
}
