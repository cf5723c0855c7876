import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { caseEventView } from '../complaints/complaint.view.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { ProofAttemptRecord } from '../complaints/customer-desk/proof-attempt.entity.js';
import { HandOffRecord } from '../complaints/hand-offs/hand-off.entity.js';
import { DialogStateRecord } from '../database/dialog-state/dialog-state.entity.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { deleteIn, findIn } from './batched-rows.js';
import { conversationOfDialogState, dialogStateKeysOf } from './conversation-keys.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from './customer-data.js';

/** Messages the relay is done with; one still waiting or being sent is never taken from under it. */
const SETTLED = ['sent', 'delivered', 'failed'];

/**
 * What the core holds about a customer: their complaints with each case's history, hand-offs, messages owed to them,
 * their tries at proving a case theirs, and the dialogs' state of their conversations.
 */
@Injectable()
export class CoreCustomerData implements CustomerDataSource {
  readonly name = 'complaints';

  constructor(
    private readonly uow: UnitOfWork,
    private readonly complaints: ComplaintsService,
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
    return this.uow.read(async (manager) => ({
      complaints,
      handOffs: await findIn(manager, HandOffRecord, 'requesterKey', conversations),
      outboxMessages: await findIn(manager, OutboxMessageRecord, 'id', [...subject.outboxMessageIds]),
      proofAttempts: await findIn(manager, ProofAttemptRecord, 'requesterKey', conversations),
      dialogStates: (await findIn(manager, DialogStateRecord, 'id', stateKeys)).map((row) => ({
        key: row.id,
        updatedAt: row.updatedAt,
        state: JSON.parse(row.state) as unknown,
      })),
    }));
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const conversations = [...subject.conversations];
    const stateKeys = [...conversations.flatMap(dialogStateKeysOf), ...subject.dialogStateKeys];
    // A message the relay is sending right now is left to it; the erasure runs again if asked.
    const messages = await this.uow.read((manager) => findIn(manager, OutboxMessageRecord, 'id', [...subject.outboxMessageIds]));
    return {
      dialogStates: await deleteIn(this.uow, DialogStateRecord, 'id', stateKeys),
      handOffs: await deleteIn(this.uow, HandOffRecord, 'requesterKey', conversations),
      outboxMessages: await deleteIn(this.uow, OutboxMessageRecord, 'id', messages.filter((m) => m.status !== 'sending').map((m) => m.id)),
      proofAttempts: await deleteIn(this.uow, ProofAttemptRecord, 'requesterKey', conversations),
    };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const states = await this.uow.read((manager) =>
      manager.find(DialogStateRecord, { select: { id: true }, where: { updatedAt: LessThan(cutoffs.dialogStateBefore) } }),
    );
    const stateOwners = await links.linked(states.flatMap((s) => conversationOfDialogState(s.id) ?? []), 'open');
    const staleStates = states.filter((s) => !stateOwners.has(conversationOfDialogState(s.id) ?? '')).map((s) => s.id);

    const handOffs = await this.uow.read((manager) =>
      manager.find(HandOffRecord, { select: { id: true, requesterKey: true }, where: { requestedAt: LessThan(cutoffs.abandonedConversationsBefore) } }),
    );
    const handOffOwners = await links.linked(handOffs.map((h) => h.requesterKey), 'any');

    // Messages about no case, to a customer conversation: dialog replies and hand-off answers.
    const messages = await this.uow.read((manager) =>
      manager.find(OutboxMessageRecord, {
        select: { id: true, conversation: true },
        where: {
          reference: IsNull(),
          conversation: Not(IsNull()),
          status: In(SETTLED),
          createdAt: LessThan(cutoffs.abandonedConversationsBefore),
        },
      }),
    );
    const messageOwners = await links.linked(messages.map((m) => m.conversation as string), 'any');

    const attempts = await this.uow.read((manager) =>
      manager.find(ProofAttemptRecord, { select: { id: true, requesterKey: true }, where: { at: LessThan(cutoffs.abandonedConversationsBefore) } }),
    );
    const attemptOwners = await links.linked(attempts.map((a) => a.requesterKey), 'any');

    return {
      dialogStates: await deleteIn(this.uow, DialogStateRecord, 'id', staleStates),
      handOffs: await deleteIn(this.uow, HandOffRecord, 'id', handOffs.filter((h) => !handOffOwners.has(h.requesterKey)).map((h) => h.id)),
      outboxMessages: await deleteIn(this.uow, OutboxMessageRecord, 'id', messages.filter((m) => !messageOwners.has(m.conversation as string)).map((m) => m.id)),
      proofAttempts: await deleteIn(this.uow, ProofAttemptRecord, 'id', attempts.filter((a) => !attemptOwners.has(a.requesterKey)).map((a) => a.id)),
    };
  }
}
