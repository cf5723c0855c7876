import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { customerAddress } from '../complaints/customer-address.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { CaseDeadline, Complaint } from '../complaints/domain/complaint.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OperationsMetrics } from '../metrics/operations-metrics.js';
import type { ChannelNotifier, DeliveryReceipt } from '../notifications/channel-notifier.js';
import { NotifierRegistry } from '../notifications/notifier-registry.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import type { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { OutboxMessageRepository } from '../notifications/outbox-message.repository.js';
import { Outbox, type NewOutboxMessage } from '../notifications/outbox.js';
import { DEADLINE_CHECK, deadlineChecksPolicy, SCHEDULER_CHANNEL, type DeadlineCheckPayload } from './deadline-checks.policy.js';
import { PROGRESS_CHECK, progressCheck, progressChecksPolicy } from './progress-checks.policy.js';
import { progressUpdatePayload } from './deadline-texts.js';
import { holdingResponsesPolicy } from './holding-responses.policy.js';

const HOLDING_INDICATOR = 'time_to_holding_response';
const STATUS_UPDATE_INDICATOR = 'status_update_interval';
const ENDED = new Set(['resolved', 'closed', 'withdrawn']);

/**
 * Keeps the code of conduct's promises: when a deadline is near it warns the assignee, when it is missed it alerts
 * the supervisors and sends the customer the holding response the code requires. An overdue final response leaves
 * the case where it is, so that it can still be investigated and answered. It also keeps the promise of regular
 * updates: a customer who has heard nothing for the promised interval is told how it is going.
 *
 * Checks arrive through the outbox at their time, so they survive restarts; every message they owe has a dedupe
 * key, so no alert is ever sent twice.
 */
@Injectable()
export class DeadlineWatch implements ChannelNotifier, OnModuleInit {
  readonly channel = SCHEDULER_CHANNEL;

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly outboxMessages: OutboxMessageRepository,
    private readonly registry: NotifierRegistry,
    private readonly channels: ChannelRegistry,
    private readonly policies: OutboxPolicies,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: OperationsMetrics,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.policies.register(deadlineChecksPolicy);
    this.policies.register(progressChecksPolicy((from) => this.nextUpdateDue(from)));
    this.policies.register(holdingResponsesPolicy(this.conduct.code, this.channels));
  }

  async deliver(check: OutboxMessageRecord): Promise<DeliveryReceipt> {
    switch (check.kind) {
      case DEADLINE_CHECK:
        return this.checkDeadline(check);
      case PROGRESS_CHECK:
        return this.checkProgress(check);
      default:
        throw new Error(`Unknown scheduled check ${check.kind}`);
    }
  }

  private async checkDeadline(check: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const { promiseId, phase, dueAt } = check.payload as DeadlineCheckPayload;
    this.metrics.deadlineChecked(phase);
    const complaint = await this.complaints.get(check.reference as string);
    const deadline = complaint.deadlines.find((d) => d.promiseId === promiseId);
    // Kept, moved or paused since the check was scheduled: a later check (if any) speaks for it now. A regulator's
    // clock does not pause, so its deadline is checked while the case waits for the customer too.
    const pauses = this.conduct.code.promises.find((p) => p.id === promiseId)?.pausesForCustomer ?? true;
    if (!deadline || deadline.settledAt !== null || deadline.dueAt !== dueAt || (complaint.pausedAt && pauses)) return { delivered: true };

    const owed = phase === 'warn' ? this.staffAlerts(complaint, deadline, 'deadline_warning') : this.dueMessages(complaint, deadline);
    await this.uow.transaction(async () => {
      await this.outbox.enqueue(owed);
      if (phase === 'due') {
        const { promiseId: id, indicator } = deadline;
        await this.complaints.recordMissedDeadline(complaint.reference, { promiseId: id, indicator, dueAt });
      }
    });
    if (phase === 'due') this.metrics.deadlineMissed();
    this.outbox.committed();
    return { delivered: true };
  }

  /**
   * Sends a progress update when the customer has heard nothing for the promised interval, and schedules the next
   * check from whichever came last: the last message they had, or this update.
   */
  private async checkProgress(check: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const complaint = await this.complaints.get(check.reference as string);
    if (ENDED.has(complaint.status)) return { delivered: true };
    const now = this.clock.now();
    const due = this.nextUpdateDue(await this.lastToldCustomer(complaint));
    if (!due) return { delivered: true };

    const owed: NewOutboxMessage[] = [];
    let next: Date | null = due;
    if (due.getTime() <= now.getTime()) {
      // While the customer owes us an answer, "still working on it" would be wrong; the next check looks again.
      if (!complaint.pausedAt) owed.push(this.progressUpdate(complaint, now));
      next = this.nextUpdateDue(now);
    }
    if (next) owed.push(progressCheck(complaint.reference, next));
    await this.uow.transaction(() => this.outbox.enqueue(owed));
    this.outbox.committed();
    return { delivered: true };
  }

  private async lastToldCustomer(complaint: Complaint): Promise<Date> {
    const last = await this.outboxMessages.lastWrittenAbout(complaint.reference, this.channels.customerChannels().map((channel) => channel.id));
    return new Date(last ?? complaint.receivedAt);
  }

  private nextUpdateDue(from: Date): Date | null {
    const promise = this.conduct.code.promises.find((p) => p.indicator === STATUS_UPDATE_INDICATOR);
    return promise ? new Date(this.conduct.deadlineAfter(promise.id, from).dueAt) : null;
  }

  private progressUpdate(complaint: Complaint, now: Date): NewOutboxMessage {
    const { channel, address } = customerAddress(complaint, this.channels);
    return {
      reference: complaint.reference,
      channel,
      kind: 'progress_update',
      recipient: { address },
      payload: progressUpdatePayload(complaint),
      dedupeKey: `progress_update:${complaint.reference}:${now.toISOString()}`,
    };
  }

  /**
   * A holding response is written by staff, with their reasons (it cannot go out without them): a missed one is
   * for the supervisors to act on, like any other missed promise.
   */
  private dueMessages(complaint: Complaint, deadline: CaseDeadline): NewOutboxMessage[] {
    return this.staffAlerts(complaint, deadline, 'deadline_missed');
  }

  /**
   * Staff hear of deadlines on the staff channel (Slack); without one there is nobody to tell, and the case history
   * still shows it.
   */
  private staffAlerts(complaint: Complaint, deadline: CaseDeadline, kind: 'deadline_warning' | 'deadline_missed'): NewOutboxMessage[] {
    const staff = this.channels.staffChannel();
    if (!staff) return [];
    const promise = this.conduct.code.promises.find((p) => p.id === deadline.promiseId);
    return [{
      reference: complaint.reference,
      channel: staff.id,
      kind,
      recipient: { audience: kind === 'deadline_warning' ? 'assignee' : 'supervisors', assigneeId: complaint.assigneeId },
      payload: {
        promiseId: deadline.promiseId,
        indicator: deadline.indicator,
        promise: promise?.text ?? '',
        dueAt: deadline.dueAt,
        // near a holding response's deadline the person with the case is asked for it: their reasons and a date
        ...(kind === 'deadline_warning' && deadline.indicator === HOLDING_INDICATOR ? { needs: 'holding_response' } : {}),
      },
      dedupeKey: `${kind}:${complaint.reference}:${deadline.promiseId}:${deadline.dueAt}`,
    }];
  }
}
