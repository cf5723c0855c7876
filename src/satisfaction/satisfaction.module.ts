import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { SURVEY_CONSENT } from './survey-consent.js';
import { SurveyConsentService } from './survey-consent.service.js';

/** ISO 10004: consent to a satisfaction survey after closure, and the durable schedule that sends it. */
@Module({
  imports: [ComplaintsModule],
  providers: [SurveyConsentService, { provide: SURVEY_CONSENT, useExisting: SurveyConsentService }],
  exports: [SURVEY_CONSENT],
})
export class SatisfactionModule {}
