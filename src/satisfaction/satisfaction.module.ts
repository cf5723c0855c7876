import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
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
import { SurveyLinkRepository } from './survey-page/survey-link.repository.js';
import { SurveyOptOutRepository } from './survey-page/survey-opt-out.repository.js';
import { SurveyPageController } from './survey-page/survey-page.controller.js';
import { SurveyPageLinks } from './survey-page/survey-page-links.js';
import { SurveyPageService } from './survey-page/survey-page.service.js';

/**
 * ISO 10004: consent to a satisfaction survey after closure, the durable schedule that sends it, and the page where a
 * customer sent a link (by email) answers it.
 */
@Module({
  imports: [DatabaseModule, NotificationsModule, ComplaintsModule, StaffApiModule],
  controllers: [SurveyResponsesController, SurveyPageController],
  providers: [
    SurveyDeskService, { provide: SURVEY_DESK, useExisting: SurveyDeskService }, SurveyRepository, SurveyResponseRepository, SurveyWatch,
    SurveyCustomerData,
    SurveyLinkRepository,
    SurveyOptOutRepository,
    SurveyPageLinks,
    SurveyPageService,
  ],
  exports: [SURVEY_DESK, SurveyResponseRepository],
})
export class SatisfactionModule implements OnModuleInit {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly customerData: CustomerDataRegistry,
    private readonly surveyData: SurveyCustomerData,
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.renderer.register(
      SURVEY_KEY_PREFIX,
      surveyTexts({
        locale: this.conduct.code.language,
        timeZone: () => this.conduct.code.satisfactionSurvey?.timeZone ?? this.conduct.timeZone(),
        now: () => this.clock.now(),
      }),
    );
    this.customerData.register(this.surveyData);
  }
}
