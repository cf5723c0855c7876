import { Inject, Injectable } from '@nestjs/common';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { CLOCK, type Clock } from '../../complaints/clock.js';
import { customerAddress } from '../../complaints/customer-address.js';
import { ComplaintsService } from '../../complaints/complaints.service.js';
import { SURVEY_DESK, type SurveyDesk } from '../survey-desk.js';
import { SurveyRepository, type Survey } from '../survey.repository.js';
import type { ClosedReason } from './render-survey-page.js';
import { readSurveyForm, type FormError, type FormValues } from './survey-form.js';
import { looksLikeSurveyToken, surveyTokenHash } from './survey-link.js';
import { SurveyLinkRepository } from './survey-link.repository.js';
import { SurveyOptOutRepository } from './survey-opt-out.repository.js';

/** What a link opens now: the form, or the reason it opens none. */
export type SurveyPageState =
  | { kind: 'open'; survey: Survey & { expiresAt: string } }
  | { kind: 'closed'; reason: ClosedReason; survey?: Survey };

export type SubmitResult =
  | SurveyPageState
  | { kind: 'invalid'; survey: Survey & { expiresAt: string }; values: FormValues; errors: FormError[] }
  | { kind: 'kept'; survey: Survey; answered: boolean };

/**
 * The survey page's work: which survey a link opens, and keeping what the customer sends through the same desk the
 * dialogs use, so staff see the answers in the case's thread, low scores alert, and comments are read for sentiment.
 */
@Injectable()
export class SurveyPageService {
  constructor(
    private readonly links: SurveyLinkRepository,
    private readonly surveys: SurveyRepository,
    private readonly complaints: ComplaintsService,
    @Inject(SURVEY_DESK) private readonly desk: SurveyDesk,
    private readonly optOuts: SurveyOptOutRepository,
    private readonly channels: ChannelRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async open(token: string): Promise<SurveyPageState> {
    const survey = await this.surveyOf(token);
    if (!survey?.expiresAt) return { kind: 'closed', reason: 'unknown' };
    switch (survey.status) {
      case 'answered':
        return { kind: 'closed', reason: 'answered', survey };
      case 'expired':
        return { kind: 'closed', reason: 'expired', survey };
      case 'cancelled':
      case 'not_sent':
        return { kind: 'closed', reason: 'cancelled', survey };
      case 'asking':
      case 'sent':
      case 'reminded':
        break;
    }
    // the expiry check may not have run yet (it comes through the outbox): the time is what counts
    if (new Date(survey.expiresAt).getTime() <= this.clock.now().getTime()) return { kind: 'closed', reason: 'expired', survey };
    // a reopened case cancels its survey at the next check; its link stops working at once
    const complaint = await this.complaints.get(survey.reference);
    if (complaint.status !== 'closed' || complaint.closedAt !== survey.closedAt) return { kind: 'closed', reason: 'cancelled', survey };
    return { kind: 'open', survey: { ...survey, expiresAt: survey.expiresAt } };
  }

  /**
   * The customer wants no more surveys: none is sent again where they are reached now (the survey watch asks), and
   * this one, if still waiting, ends. Any link of theirs does it, a spent one too, as a mail program's "unsubscribe"
   * may be used long after.
   */
  async stop(token: string): Promise<{ kind: 'stopped'; survey: Survey } | { kind: 'closed'; reason: 'unknown' }> {
    const survey = await this.surveyOf(token);
    if (!survey) return { kind: 'closed', reason: 'unknown' };
    const { channel, address } = customerAddress(await this.complaints.get(survey.reference), this.channels);
    const now = this.clock.now().toISOString();
    await this.optOuts.record(`${channel}:${address}`, now);
    await this.surveys.move(survey.id, ['asking', 'sent', 'reminded'], { status: 'cancelled', reason: 'opted_out', conversation: null, updatedAt: now });
    return { kind: 'stopped', survey };
  }

  async submit(token: string, body: unknown): Promise<SubmitResult> {
    const state = await this.open(token);
    if (state.kind !== 'open') return state;
    const { survey } = state;
    const form = readSurveyForm(body);
    if (form.kind === 'invalid') return { kind: 'invalid', survey, values: form.values, errors: form.errors };
    // sending answers to a survey that asked first is the customer's yes; sending none is no yes, and ends it
    if (survey.status === 'asking' && form.answers.length > 0) await this.desk.consent(survey.id, true);
    for (const answer of form.answers) await this.desk.answer(survey.id, answer);
    await this.desk.finish(survey.id);
    return { kind: 'kept', survey, answered: form.answers.length > 0 };
  }

  private async surveyOf(token: string): Promise<Survey | null> {
    if (!looksLikeSurveyToken(token)) return null;
    const surveyId = await this.links.surveyOf(surveyTokenHash(token));
    return surveyId ? this.surveys.byId(surveyId) : null;
  }
}
