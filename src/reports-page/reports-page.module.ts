import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { ReportsPageController } from './reports-page.controller.js';
import { slackSignInSettings } from './reports-page.settings.js';
import { SignInLimits } from './sign-in-limits.js';
import { SLACK_SIGN_IN_SETTINGS, SLACK_STAFF_ROLES, SlackSignIn, type SlackStaffRoles } from './slack-sign-in.js';
import { StaffSessionRepository } from './staff-session.repository.js';
import { StaffSessions } from './staff-sessions.js';

/**
 * The staff report page at /reports and its sign-in: a staff key, or Slack (OpenID Connect) when its client is set
 * up. `slackStaff` says who is staff in Slack and with which role, as Slack's own buttons decide it.
 */
@Module({})
export class ReportsPageModule {
  static forRoot(config: AppConfig, slackStaff: SlackStaffRoles): DynamicModule {
    const slack = slackSignInSettings(config);
    return {
      module: ReportsPageModule,
      imports: [DatabaseModule, IndicatorsModule, StaffApiModule],
      controllers: [ReportsPageController],
      providers: [
        StaffSessionRepository,
        StaffSessions,
        SignInLimits,
        ...(slack ? [{ provide: SLACK_SIGN_IN_SETTINGS, useValue: slack }, { provide: SLACK_STAFF_ROLES, useValue: slackStaff }, SlackSignIn] : []),
      ],
    };
  }
}
