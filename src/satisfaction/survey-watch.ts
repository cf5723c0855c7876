import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { customerAddress } from '../complaints/customer-address.js';
import type { CaseEventRecord } from '../audit/case-event.entity.js';
import type { Complaint } from '../complaints/domain/complaint.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ChannelNotifier, DeliveryReceipt } from '../notifications/channel-notifier.js';
import { NotifierRegistry } from '../notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { Outbox, type NewOutboxMessage } from '../notifications/outbox.js';
import type { Variables } from '../notifications/rendering/message-payload.js';
import { SurveyRepository, type Survey } from './survey.repository.js';
import { SurveyPageLinks } from './survey-page/survey-page-links.js';
import { SurveyOptOutRepository } from './survey-page/survey-opt-out.repository.js';
import { SurveyResponseRepository } from './survey-response.repository.js';
import { SURVEY_CHECK, SURVEY_SCHEDULER_CHANNEL, surveyCheck, surveyChecksPolicy, type SurveyCheckPayload } from './survey-checks.policy.js';
import { decideReminder, decideSend, expiresAt, reminderDueAt, type SurveyFacts, type SurveyTiming } from './survey-schedule.policy.js';
import { surveyPayload, type SurveyMessage } from './survey-texts.js';

/** A referral stays open from the customer's referral until the dispute is closed. */
const DISPUTE_OPENED = 'dispute.referred';
const DISPUTE_CLOSED = 'dispute.closed';

/**
 * Sends the satisfaction survey after closure to customers who agreed to it, on their own channel, in their language,
 * signed by the organisation: once the delay has passed, outside quiet hours, with at most one reminder, until it
 * expires. Checks arrive through the outbox at their time, so they survive restarts; a survey is recorded once per
 * closure in the same transaction as its message, and every message has a dedupe key, so none is sent twice.
 */
@Injectable()
export class SurveyWatch implements ChannelNotifier, OnModuleInit {
  readonly channel = SURVEY_SCHEDULER_CHANNEL;
  private readonly logger = new Logger('SurveyWatch');

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    private readonly surveys: SurveyRepository,
    private readonly responses: SurveyResponseRepository,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly registry: NotifierRegistry,
    private readonly channels: ChannelRegistry,
    private readonly policies: OutboxPolicies,
    private readonly pages: SurveyPageLinks,
    private readonly optOuts: SurveyOptOutRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (!this.conduct.code.satisfactionSurvey) return;
    this.registry.register(this);
    this.policies.register(surveyChecksPolicy(() => this.timing()));
  }

  timing(): SurveyTiming {
    const settings = this.conduct.code.satisfactionSurvey;
    if (!settings) throw new Error('No satisfactionSurvey section in the code of conduct');
    return {
      delay: settings.delay,
      quietHours: settings.quietHours,
      timeZone: settings.timeZone ?? this.conduct.timeZone(),
      reminderAfter: settings.reminderAfter,
      expiresAfter: settings.expiresAfter,
    };
  }

  async deliver(check: OutboxMessageRecord): Promise<DeliveryReceipt> {
    if (check.kind !== SURVEY_CHECK) throw new Error(`Unknown survey check ${check.kind}`);
    const { phase, closedAt } = check.payload as SurveyCheckPayload;
    const reference = check.reference as string;
    switch (phase) {
      case 'send':
        await this.send(reference, closedAt);
        break;
      case 'remind':
        await this.remind(reference, closedAt);
        break;
      case 'expire':
        await this.expire(reference, closedAt);
        break;
    }
    return { delivered: true };
  }

  private async send(reference: string, closedAt: string): Promise<void> {
    if (await this.surveys.of(reference, closedAt)) return;
    const { complaint, facts } = await this.factsOf(reference, closedAt);
    const now = this.clock.now();
    const timing = this.timing();
    const decision = decideSend(facts, now, timing);
    const { channel } = customerAddress(complaint, this.channels);
    const { address } = customerAddress(complaint, this.channels);
    const record = (status: Survey['status'], reason: string | null, sentAt: string | null, expiry: string | null): Omit<Survey, 'id' | 'returnedAt'> => ({
      reference,
      closedAt,
      status,
      reason,
      channel,
      language: complaint.language,
      sentAt,
      remindedAt: null,
      expiresAt: expiry,
      // where the answers will come from; the same key the conversation's turns are known by
      conversation: status === 'sent' || status === 'asking' ? `${channel}:${address}` : null,
      updatedAt: now.toISOString(),
    });
    switch (decision.action) {
      case 'wait':
        await this.enqueue([surveyCheck(reference, 'send', closedAt, decision.until)]);
        return;
      case 'cancel':
      case 'not_sent': {
        const status = decision.action === 'cancel' ? 'cancelled' : 'not_sent';
        await this.surveys.create(record(status, decision.reason, null, null));
        this.logger.log({ reference, status, reason: decision.reason }, 'Satisfaction survey not sent');
        return;
      }
      case 'ask_consent': {
        const expiry = expiresAt(now, timing);
        await this.uow.transaction(async () => {
          if (!(await this.surveys.create(record('asking', null, now.toISOString(), expiry.toISOString())))) return;
          const page = await this.pageFor(channel, reference, closedAt, expiry.toISOString());
          await this.outbox.enqueue([this.message(complaint, closedAt, 'consent_request', page), surveyCheck(reference, 'expire', closedAt, expiry)]);
        });
        this.outbox.committed();
        return;
      }
      case 'send': {
        const expiry = expiresAt(now, timing);
        const reminder = reminderDueAt(now, timing);
        await this.uow.transaction(async () => {
          // the row is the survey's one sending: a second check of the same closure finds it and sends nothing
          if (!(await this.surveys.create(record('sent', null, now.toISOString(), expiry.toISOString())))) return;
          const page = await this.pageFor(channel, reference, closedAt, expiry.toISOString());
          const owed = [this.message(complaint, closedAt, 'invitation', page), surveyCheck(reference, 'expire', closedAt, expiry)];
          if (reminder) owed.push(surveyCheck(reference, 'remind', closedAt, reminder));
          await this.outbox.enqueue(owed);
        });
        this.outbox.committed();
        return;
      }
    }
  }

  private async remind(reference: string, closedAt: string): Promise<void> {
    const survey = await this.surveys.of(reference, closedAt);
    // asked again where the customer came back (SurveyDesk.followCustomer): a reminder in the conversation it left would
    // ask where no answer is taken
    if (!survey?.expiresAt || survey.returnedAt) return;
    const { complaint, facts } = await this.factsOf(reference, closedAt);
    const now = this.clock.now();
    const answered = (await this.responses.of(survey.id)) ? 1 : 0;
    const decision = decideReminder(survey.status, answered, facts, now, new Date(survey.expiresAt), this.timing());
    switch (decision.action) {
      case 'send':
        await this.uow.transaction(async () => {
          if (!(await this.surveys.move(survey.id, ['sent'], { status: 'reminded', remindedAt: now.toISOString(), updatedAt: now.toISOString() }))) return;
          const page = this.pages.needed(survey.channel) ? await this.pages.issue(survey.id, survey.expiresAt as string) : {};
          await this.outbox.enqueue([this.message(complaint, closedAt, 'reminder', page)]);
        });
        this.outbox.committed();
        return;
      case 'wait':
        await this.enqueue([surveyCheck(reference, 'remind', closedAt, decision.until)]);
        return;
      case 'cancel':
        await this.surveys.move(survey.id, ['sent', 'reminded'], { status: 'cancelled', reason: decision.reason, conversation: null, updatedAt: now.toISOString() });
        return;
      case 'not_sent':
      case 'skip':
        return;
    }
  }

  private async expire(reference: string, closedAt: string): Promise<void> {
    const survey = await this.surveys.of(reference, closedAt);
    if (!survey) return;
    await this.surveys.move(survey.id, ['asking', 'sent', 'reminded'], { status: 'expired', conversation: null, updatedAt: this.clock.now().toISOString() });
  }

  /** On a channel whose replies no dialog reads, the link to the survey's page; run where the survey was just recorded. */
  private async pageFor(channel: string, reference: string, closedAt: string, expiresAt: string): Promise<Variables> {
    if (!this.pages.needed(channel)) return {};
    const survey = await this.surveys.of(reference, closedAt);
    if (!survey) throw new Error(`No survey of ${reference} after ${closedAt}`);
    return this.pages.issue(survey.id, expiresAt);
  }

  private message(complaint: Complaint, closedAt: string, message: SurveyMessage, page: Variables = {}): NewOutboxMessage {
    const { channel, address } = customerAddress(complaint, this.channels);
    return {
      reference: complaint.reference,
      channel,
      kind: `survey_${message}`,
      recipient: { address },
      payload: surveyPayload(message, complaint.reference, this.conduct.code.organisation.name, complaint.language, page),
      dedupeKey: `survey_${message}:${complaint.reference}:${closedAt}`,
    };
  }

  private async factsOf(reference: string, closedAt: string): Promise<{ complaint: Complaint; facts: SurveyFacts }> {
    const complaint = await this.complaints.get(reference);
    const { events } = await this.complaints.history(reference);
    const { channel, address } = customerAddress(complaint, this.channels);
    return {
      complaint,
      facts: {
        complaintStatus: complaint.status,
        closedAt: complaint.closedAt,
        surveyClosedAt: closedAt,
        consent: latestConsent(events),
        // asked of the channel before sending: its notifier would refuse the message, and the survey would claim it went
        optedOut: ((await this.channels.profile(channel)?.optedOut?.(address)) ?? false) || (await this.optOuts.has(`${channel}:${address}`)),
        unreachable: this.unreachable(channel),
        disputeOpen: disputeOpen(events),
      },
    };
  }

  /** Why a survey cannot go to a customer on this channel, if it cannot. */
  private unreachable(channel: string): string | undefined {
    if (!this.conduct.code.satisfactionSurvey?.channels.includes(channel)) return 'channel_not_surveyed';
    return this.registry.get(channel) ? this.pages.unavailable(channel) : 'channel_not_set_up';
  }

  private async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    await this.uow.transaction(() => this.outbox.enqueue(messages));
    this.outbox.committed();
  }
}

function latestConsent(events: CaseEventRecord[]): boolean | undefined {
  const answers = events.filter((event) => event.type === 'satisfaction.consent_recorded');
  const last = answers.at(-1);
  return last ? (last.data as { consent: boolean }).consent : undefined;
}

function disputeOpen(events: CaseEventRecord[]): boolean {
  const last = events.filter((event) => event.type === DISPUTE_OPENED || event.type === DISPUTE_CLOSED).at(-1);
  return last?.type === DISPUTE_OPENED;
}
