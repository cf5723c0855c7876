import { Injectable } from '@nestjs/common';
import type { CustomerDataSource, DataSubject } from '../privacy/customer-data.js';
import { SurveyRepository } from './survey.repository.js';
import { SurveyResponseRepository } from './survey-response.repository.js';
import { SurveyLinkRepository } from './survey-page/survey-link.repository.js';
import { SurveyOptOutRepository } from './survey-page/survey-opt-out.repository.js';

/**
 * What satisfaction surveys hold about a customer: their answers (the comment is their own words), which
 * conversation a survey waits in, and the links to survey pages emailed to them. An export hands over the answers and
 * surveys and any wish for no more surveys; an erasure lets go of the words, the conversation and the links, and keeps
 * the scores, which count in reports and identify nobody, and that wish, which keeps them from being asked again.
 */
@Injectable()
export class SurveyCustomerData implements CustomerDataSource {
  readonly name = 'satisfaction';

  constructor(
    private readonly surveys: SurveyRepository,
    private readonly responses: SurveyResponseRepository,
    private readonly links: SurveyLinkRepository,
    private readonly optOuts: SurveyOptOutRepository,
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
      optOuts: await this.optOuts.of(subject.conversations),
    };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return {
      surveyComments: await this.responses.eraseComments(subject.references),
      surveyConversations: await this.surveys.forgetConversations(subject.references),
      // a link in an old email no longer opens a page about an erased customer's case
      surveyLinks: await this.links.forgetOfCases(subject.references),
    };
  }

  /** A survey keeps nothing past its case: an anonymised case's comments go with its erasure. */
  async sweep(): Promise<Record<string, number>> {
    return {};
  }
}
