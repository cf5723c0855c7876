import { Injectable } from '@nestjs/common';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import type { ConsentAskedAt, SurveyConsentDesk } from './survey-consent.js';

/** Records consent to the satisfaction survey in the case's hash-chained history, where the schedule reads it. */
@Injectable()
export class SurveyConsentService implements SurveyConsentDesk {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
  ) {}

  offered(): boolean {
    return this.conduct.code.satisfactionSurvey !== undefined;
  }

  async recordConsent(reference: string, consent: boolean, askedAt: ConsentAskedAt): Promise<void> {
    await this.complaints.recordSurveyConsent(reference, consent, askedAt);
  }
}
