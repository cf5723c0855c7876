import { Injectable } from '@nestjs/common';
import type { CustomerDataSource, DataSubject } from '../privacy/customer-data.js';
import { SurveyRepository } from './survey.repository.js';
import { SurveyResponseRepository } from './survey-response.repository.js';

/**
 * What satisfaction surveys hold about a customer: their answers (the comment is their own words) and which
 * conversation a survey waits in. An export hands both over; an erasure lets go of the words and the conversation,
 * and keeps the scores, which count in reports and identify nobody.
 */
@Injectable()
export class SurveyCustomerData implements CustomerDataSource {
  readonly name = 'satisfaction';

  constructor(
    private readonly surveys: SurveyRepository,
    private readonly responses: SurveyResponseRepository,
  ) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const surveys = await this.surveys.ofCases(subject.references);
    const responses = await this.responses.ofCases(subject.references);
    return {
      surveys: surveys.map(({ reference, closedAt, status, channel, language, sentAt, remindedAt, expiresAt }) => ({
        reference,
        closedAt,
        status,
        channel,
        language,
        sentAt,
        remindedAt,
        expiresAt,
      })),
      responses: responses.map(({ surveyId: _surveyId, ...response }) => response),
    };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return {
      surveyComments: await this.responses.eraseComments(subject.references),
      surveyConversations: await this.surveys.forgetConversations(subject.references),
    };
  }

  /** A survey keeps nothing past its case: an anonymised case's comments go with its erasure. */
  async sweep(): Promise<Record<string, number>> {
    return {};
  }
}
