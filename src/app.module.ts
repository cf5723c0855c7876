import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { EmailModule } from '../adapters/email/email.module.js';
import { SLACK_SCHEMA } from '../adapters/slack/slack.schema.js';
import { SlackModule } from '../adapters/slack/slack.module.js';
import { StaffDirectory } from '../adapters/slack/staff-directory.js';
import { EMAIL_SCHEMA } from '../adapters/email/email.schema.js';
import { SMS_SCHEMA } from '../adapters/sms/sms.schema.js';
import { SmsModule } from '../adapters/sms/sms.module.js';
import { BotServiceController } from '../adapters/webchat/bot-service/bot-service.controller.js';
import { WebChatModule } from '../adapters/webchat/webchat.module.js';
import { WEB_CHAT_SCHEMA } from '../adapters/webchat/webchat.schema.js';
import { DialogsModule } from '../dialogs/dialogs.module.js';
import { ApiDocsModule } from './api-docs/api-docs.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { JsonBodyOnlyMiddleware } from './common/http/json-body-only.middleware.js';
import { ProblemFilter } from './common/http/problem.filter.js';
import { ClockModule } from './complaints/clock.js';
import { ComplaintsController } from './complaints/complaints.controller.js';
import { ComplaintsModule } from './complaints/complaints.module.js';
import { loadCodeOfConduct } from './conduct/code-of-conduct.loader.js';
import { ConductModule } from './conduct/conduct.module.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { combineSchemas, CORE_SCHEMA } from './database/schema.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { DisputesModule } from './disputes/disputes.module.js';
import { DISPUTES_SCHEMA } from './disputes/disputes.schema.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { EVIDENCE_SCHEMA } from './evidence/evidence.schema.js';
import { IndicatorsModule } from './indicators/indicators.module.js';
import { INDICATORS_SCHEMA } from './indicators/indicators.schema.js';
import { DisputesController } from './disputes/disputes.controller.js';
import { HealthModule } from './health/health.module.js';
import { InstanceStateModule } from './health/instance-state.js';
import { loggerOptions } from './logging/logger.options.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { CustomerDataModule } from './privacy/customer-data.module.js';
import { PrivacyController } from './privacy/privacy.controller.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ReportsPageModule } from './reports-page/reports-page.module.js';
import { REPORTS_PAGE_SCHEMA } from './reports-page/reports-page.schema.js';
import { SatisfactionModule } from './satisfaction/satisfaction.module.js';
import { SATISFACTION_SCHEMA } from './satisfaction/satisfaction.schema.js';

/** Every table Redress keeps: the core's and each channel adapter's, for the server and the command-line tools. */
export const APP_SCHEMA = combineSchemas(CORE_SCHEMA, SATISFACTION_SCHEMA, DISPUTES_SCHEMA, INDICATORS_SCHEMA, EVIDENCE_SCHEMA, REPORTS_PAGE_SCHEMA, WEB_CHAT_SCHEMA, SMS_SCHEMA, EMAIL_SCHEMA, SLACK_SCHEMA);

/** The only place that wires capabilities together. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    const code = loadCodeOfConduct(config.CODE_OF_CONDUCT_FILE);
    const slackStaff = new StaffDirectory(config.SLACK_HANDLERS, config.SLACK_SUPERVISORS);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        InstanceStateModule,
        MetricsModule,
        ClockModule,
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule.forRoot(APP_SCHEMA),
        ChannelsModule,
        CustomerDataModule,
        ConductModule.forRoot(code),
        ComplaintsModule,
        DeadlinesModule,
        SatisfactionModule,
        DisputesModule,
        EvidenceModule,
        IndicatorsModule,
        // Slack's staff list decides who may sign in to the report with Slack, as it decides who may press its buttons.
        ReportsPageModule.forRoot(config, (userId) => slackStaff.actorFor(userId)?.role),
        PrivacyModule,
        WebChatModule,
        SmsModule,
        EmailModule,
        SlackModule.forRoot(config),
        DialogsModule,
        ApiDocsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyOnlyMiddleware).forRoutes(ComplaintsController, DisputesController, PrivacyController, BotServiceController);
  }
}
