import { Inject, Injectable, Logger } from '@nestjs/common';
import bolt from '@slack/bolt';
import type { App } from '@slack/bolt';
import { AppHome } from './app-home.listener.js';
import { CaseActions } from './case-actions.js';
import { CaseDetails } from './case-details.listener.js';
import { ComplaintCommandListener } from './complaint-command.listener.js';
import { HandOffSlack } from './hand-off-slack.js';
import { boltLogger } from './slack-logger.js';
import { SlackReceiver } from './slack-receiver.js';
import { SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { DisputeActions } from './dispute-actions.js';
import { SurveyReopen } from './survey-reopen.js';

/** The Bolt app for staff: one workspace, one bot token, every listener, fed by the receiver behind /slack/events. */
@Injectable()
export class SlackBolt {
  readonly app: App;
  private readonly logger = new Logger('Slack');

  constructor(
    @Inject(SLACK_SETTINGS) settings: SlackSettings,
    receiver: SlackReceiver,
    slack: SlackWebApi,
    caseActions: CaseActions,
    complaintCommand: ComplaintCommandListener,
    handOffs: HandOffSlack,
    surveyReopen: SurveyReopen,
    disputeActions: DisputeActions,
    appHome: AppHome,
    caseDetails: CaseDetails,
  ) {
    this.app = new bolt.App({
      receiver,
      // The bot's ids come from auth.test, asked once: Bolt's ignoreSelf needs them to drop the bot's own messages.
      authorize: async () => ({ botToken: settings.botToken, ...(await slack.botIdentity()) }),
      logger: boltLogger(),
      clientOptions: { slackApiUrl: settings.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 },
      // Bolt's conversation store lives in memory, which several instances would not share; nothing here needs it.
      convoStore: false,
    });
    this.app.error(async (error) => {
      this.logger.error({ err: error.original ?? error, code: error.code }, 'A Slack listener failed');
    });
    caseActions.register(this.app);
    complaintCommand.register(this.app);
    handOffs.register(this.app);
    surveyReopen.register(this.app);
    disputeActions.register(this.app);
    appHome.register(this.app);
    caseDetails.register(this.app);
  }
}
