import { Module, type OnModuleInit } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CustomerDataRegistry } from '../privacy/customer-data.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { SurveyCustomerData } from './survey-customer-data.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { SurveyRepository } from './survey.repository.js';
import { SURVEY_DESK } from './survey-desk.js';
import { SurveyDeskService } from './survey-desk.service.js';
import { SurveyResponseRepository } from './survey-response.repository.js';
import { SURVEY_KEY_PREFIX, surveyTexts } from './survey-texts.js';
import { SurveyResponsesController } from './survey-responses.controller.js';
import { SurveyWatch } from './survey-watch.js';

/** ISO 10004: consent to a satisfaction survey after closure, and the durable schedule that sends it. */
@Module({
  imports: [DatabaseModule, NotificationsModule, ComplaintsModule, StaffApiModule],
  controllers: [SurveyResponsesController],
  providers: [SurveyDeskService, { provide: SURVEY_DESK, useExisting: SurveyDeskService }, SurveyRepository, SurveyResponseRepository, SurveyWatch, SurveyCustomerData],
  exports: [SURVEY_DESK, SurveyResponseRepository],
})
export class SatisfactionModule implements OnModuleInit {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly customerData: CustomerDataRegistry,
    private readonly surveyData: SurveyCustomerData,
  ) {}

  onModuleInit(): void {
    this.renderer.register(SURVEY_KEY_PREFIX, surveyTexts());
    this.customerData.register(this.surveyData);
  }
}
