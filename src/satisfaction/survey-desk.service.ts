import { Inject, Injectable } from '@nestjs/common';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Outbox } from '../notifications/outbox.js';
import { caseFacts } from './case-facts.js';
import { commentSentiment } from './comment-sentiment.js';
import { SurveyRepository } from './survey.repository.js';
import type { ConsentAskedAt, SurveyDesk, WaitingSurvey } from './survey-desk.js';
import { isLow, SURVEY_VERSION, type SurveyAnswer } from './survey-questions.js';
import { SurveyResponseRepository, type SurveyResponse } from './survey-response.repository.js';

/** What staff are sent in the case's Slack thread when a customer has answered. */
export const SURVEY_ANSWERS = 'survey_answers';

/**
 * The dialogs' way into satisfaction surveys: consent goes into the case's hash-chained history; answers are kept one
 * by one outside it, linked to the case, with what the case was like; once the customer is done staff see them.
 */
@Injectable()
export class SurveyDeskService implements SurveyDesk {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    private readonly surveys: SurveyRepository,
    private readonly responses: SurveyResponseRepository,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly channels: ChannelRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  offered(): boolean {
    return this.conduct.code.satisfactionSurvey !== undefined;
  }

  async recordConsent(reference: string, consent: boolean, askedAt: ConsentAskedAt): Promise<void> {
    await this.complaints.recordSurveyConsent(reference, consent, askedAt);
  }

  async waitingFor(conversation: string): Promise<WaitingSurvey | null> {
    if (!this.offered()) return null;
    const survey = await this.surveys.waitingIn(conversation, this.clock.now().toISOString());
    return survey
      ? { id: survey.id, reference: survey.reference, sentAt: survey.sentAt ?? survey.updatedAt, askingConsent: survey.status === 'asking' }
      : null;
  }

  async followCustomer(reference: string, conversation: string, channel: string): Promise<boolean> {
    if (!this.offered()) return false;
    // a channel that reaches the customer wherever they are (SMS) already did; the survey waits for them there
    if (this.channels.profile(channel)?.capabilities.reachesCustomerAway !== false) return false;
    return (await this.surveys.followToConversation(reference, channel, conversation, this.clock.now().toISOString())) > 0;
  }

  async consent(surveyId: string, consent: boolean): Promise<void> {
    const survey = await this.surveys.byId(surveyId);
    if (survey?.status !== 'asking') return;
    const now = this.clock.now().toISOString();
    await this.complaints.recordSurveyConsent(survey.reference, consent, 'closure');
    await this.surveys.move(
      surveyId,
      ['asking'],
      consent ? { status: 'sent', updatedAt: now } : { status: 'cancelled', reason: 'consent_declined', conversation: null, updatedAt: now },
    );
  }

  async answer(surveyId: string, answer: SurveyAnswer): Promise<void> {
    await this.responseOf(surveyId);
    switch (answer.question) {
      case 'handling':
        return this.responses.update(surveyId, { handling: answer.score });
      case 'outcome':
        return this.responses.update(surveyId, { outcomeScore: answer.score });
      case 'effort':
        return this.responses.update(surveyId, { effort: answer.score });
      case 'datesKept':
        return this.responses.update(surveyId, { datesKept: answer.value });
      case 'comment':
        return this.responses.update(surveyId, { comment: answer.text });
    }
  }

  async finish(surveyId: string): Promise<void> {
    const survey = await this.surveys.byId(surveyId);
    if (!survey) return;
    const now = this.clock.now().toISOString();
    // asked for consent and never given it: the survey is over, and is not asked again
    await this.surveys.move(surveyId, ['asking'], { status: 'cancelled', reason: 'consent_not_given', conversation: null, updatedAt: now });
    const response = await this.responses.of(surveyId);
    await this.uow.transaction(async () => {
      // the conversation said where the customer is; an ended survey needs it no more
      const ended = await this.surveys.move(surveyId, ['sent', 'reminded'], { status: 'answered', conversation: null, updatedAt: now });
      if (!ended || !response) return;
      const sentiment = response.comment ? commentSentiment(response.comment, response.language) : null;
      await this.responses.update(surveyId, { sentiment, finishedAt: now });
      const staff = this.channels.staffChannel();
      if (!staff) return;
      const complaint = await this.complaints.get(survey.reference);
      const scores = { ...response, sentiment };
      const low = isLow(scores);
      await this.outbox.enqueue([
        {
          reference: survey.reference,
          channel: staff.id,
          kind: SURVEY_ANSWERS,
          recipient: { audience: low ? 'assignee_and_supervisors' : 'thread', assigneeId: complaint.assigneeId },
          payload: {
            low,
            channel: response.channel,
            handling: response.handling,
            outcomeScore: response.outcomeScore,
            effort: response.effort,
            datesKept: response.datesKept,
            comment: response.comment,
            sentiment,
          },
          dedupeKey: `${SURVEY_ANSWERS}:${surveyId}`,
        },
      ]);
    });
    this.outbox.committed();
  }

  /** The response of a survey, started with what the case was like at its first answer. */
  private async responseOf(surveyId: string): Promise<SurveyResponse> {
    const existing = await this.responses.of(surveyId);
    if (existing) return existing;
    const survey = await this.surveys.byId(surveyId);
    if (!survey) throw new Error(`No survey ${surveyId}`);
    const complaint = await this.complaints.get(survey.reference);
    const { events } = await this.complaints.history(survey.reference);
    const facts = caseFacts(complaint, survey.closedAt, events);
    await this.responses.start({
      surveyId,
      reference: survey.reference,
      surveyVersion: SURVEY_VERSION,
      channel: survey.channel,
      category: complaint.category,
      outcome: complaint.closure?.outcome ?? null,
      language: survey.language,
      ...facts,
      handling: null,
      outcomeScore: null,
      effort: null,
      datesKept: null,
      comment: null,
      sentiment: null,
      respondedAt: this.clock.now().toISOString(),
      finishedAt: null,
    });
    return (await this.responses.of(surveyId)) as SurveyResponse;
  }
}
