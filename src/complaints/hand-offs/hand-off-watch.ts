import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { CodeOfConductService } from '../../conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { ChannelNotifier, DeliveryReceipt } from '../../notifications/channel-notifier.js';
import { NotifierRegistry } from '../../notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../../notifications/outbox-message.entity.js';
import { OutboxPolicies, type OutboxPolicy } from '../../notifications/outbox-policies.js';
import { Outbox, type NewOutboxMessage } from '../../notifications/outbox.js';
import { ComplaintsService } from '../complaints.service.js';
import { isCaseEvent } from '../domain/case-events.js';
import {
  HAND_OFF_OVERDUE,
  HAND_OFF_PROMISE_INDICATOR,
  HAND_OFF_WATCH_CHANNEL,
  type HandOffCheckPayload,
  type HandOffOverduePayload,
} from './hand-off-messages.js';
import { handOffCheck, HandOffs } from './hand-offs.service.js';

/** A request for a person recorded on a complaint owes a check when its reply falls due. */
export const caseHandOffChecksPolicy: OutboxPolicy = ({ after, events }) =>
  events
    .filter(isCaseEvent('handoff.requested'))
    .flatMap(({ at, data: { dueAt } }) => (dueAt === null ? [] : [handOffCheck({ reference: after.reference, requestedAt: at, dueAt })]));

/**
 * Keeps the promise of a reply to someone who asked for a person: when the reply falls due and staff have not
 * written to the customer since the request, the supervisors are alerted (and, on a complaint, the miss is recorded
 * in its history).
 */
@Injectable()
export class HandOffWatch implements ChannelNotifier, OnModuleInit {
  readonly channel = HAND_OFF_WATCH_CHANNEL;

  constructor(
    private readonly handOffs: HandOffs,
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly registry: NotifierRegistry,
    private readonly channels: ChannelRegistry,
    private readonly policies: OutboxPolicies,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.policies.register(caseHandOffChecksPolicy);
  }

  async deliver(check: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const payload = check.payload as unknown as HandOffCheckPayload;
    if (payload.handOffId) await this.checkRequest(payload.handOffId, payload.dueAt);
    else if (payload.reference && payload.requestedAt) await this.checkCase(payload.reference, payload.requestedAt, payload.dueAt);
    return { delivered: true };
  }

  private async checkRequest(id: string, dueAt: string): Promise<void> {
    const record = await this.handOffs.find(id);
    const staff = this.channels.staffChannel();
    if (record.answeredAt || !staff) return;
    const overdue: HandOffOverduePayload = { handOffId: id, dueAt, promise: this.promiseText() };
    await this.enqueue([
      {
        reference: null,
        channel: staff.id,
        kind: HAND_OFF_OVERDUE,
        recipient: {},
        payload: { ...overdue },
        dedupeKey: `${HAND_OFF_OVERDUE}:${id}`,
      },
    ]);
  }

  private async checkCase(reference: string, requestedAt: string, dueAt: string): Promise<void> {
    const { events } = await this.complaints.history(reference);
    const answered = events.some((e) => e.type === 'message.sent_to_customer' && e.at >= requestedAt);
    if (answered) return;
    const complaint = await this.complaints.get(reference);
    const promise = this.conduct.code.promises.find((p) => p.indicator === HAND_OFF_PROMISE_INDICATOR);
    const staff = this.channels.staffChannel();
    if (staff) {
      await this.enqueue([
        {
          reference,
          channel: staff.id,
          kind: 'deadline_missed',
          recipient: { audience: 'supervisors', assigneeId: complaint.assigneeId },
          payload: { promiseId: promise?.id ?? '', indicator: HAND_OFF_PROMISE_INDICATOR, promise: promise?.text ?? '', dueAt },
          dedupeKey: `deadline_missed:${reference}:${HAND_OFF_PROMISE_INDICATOR}:${requestedAt}`,
        },
      ]);
    }
    await this.complaints.recordMissedDeadline(reference, { promiseId: promise?.id ?? '', indicator: HAND_OFF_PROMISE_INDICATOR, dueAt });
  }

  private promiseText(): string {
    return this.conduct.code.promises.find((p) => p.indicator === HAND_OFF_PROMISE_INDICATOR)?.text ?? '';
  }

  private async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    await this.uow.transaction(() => this.outbox.enqueue(messages));
    this.outbox.committed();
  }
}
