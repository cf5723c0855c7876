import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ComplaintsModule } from '../../src/complaints/complaints.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { OutboxPolicies } from '../../src/notifications/outbox-policies.js';
import { CardContexts } from './card-context.js';
import { CaseActions } from './case-actions.js';
import { CaseDetails } from './case-details.listener.js';
import { DisputeActions } from './dispute-actions.js';
import { DisputesModule } from '../../src/disputes/disputes.module.js';
import { EvidenceModule } from '../../src/evidence/evidence.module.js';
import { IndicatorsModule } from '../../src/indicators/indicators.module.js';
import { StaffStatsSource } from './staff-stats.js';
import { WeeklyDigest } from './weekly-digest.js';
import { SurveyReopen } from './survey-reopen.js';
import { CaseCardNotifier } from './case-card.notifier.js';
import { AppHome } from './app-home.listener.js';
import { AssignmentMessages } from './assignment-messages.js';
import { assignmentNoticePolicy } from './assignment-notice.js';
import { CardLinkRepository } from './card-link.repository.js';
import { CardLinks } from './card-links.js';
import { CaseCardRepository } from './case-card.repository.js';
import { slackCasePolicy } from './case-thread.js';
import { ComplaintCommandListener } from './complaint-command.listener.js';
import { HandOffSlack } from './hand-off-slack.js';
import { SlackBolt } from './slack-bolt.js';
import { SlackEventRepository } from './slack-event.repository.js';
import { SlackEventInbox } from './slack-event-inbox.js';
import { AuthorNotices } from './author-notices.js';
import { ModalSeals } from './modal-seals.js';
import { SlackViewRepository } from './slack-view.repository.js';
import { InboundModule } from '../../src/inbound/inbound.module.js';
import { SlackRequestRepository } from './slack-request.repository.js';
import { SlackHandOffPostRepository } from './slack-hand-off-post.repository.js';
import { SlackEventsController, SlackNotConfiguredController } from './slack-events.controller.js';
import { boltLogger } from './slack-logger.js';
import { SlackReceiver } from './slack-receiver.js';
import { SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, slackSettings, type SlackSettings } from './slack.settings.js';
import { ThreadNotes } from './thread-notes.js';

/** Connects Slack to the rest of Redress once the application is assembled. */
@Injectable()
class SlackWiring implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Slack');

  constructor(
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    private readonly policies: OutboxPolicies,
    private readonly channels: ChannelRegistry,
    private readonly notifier: CaseCardNotifier,
    private readonly receiver: SlackReceiver,
    // Built here so that Bolt and its listeners exist before the first request.
    readonly bolt: SlackBolt,
  ) {}

  onModuleInit(): void {
    this.channels.declare({ id: this.notifier.channel, audience: 'staff', notifier: this.notifier });
    if (this.settings.casesChannel) {
      this.policies.register(slackCasePolicy(this.settings.casesChannel));
      this.policies.register(assignmentNoticePolicy(this.settings.staff));
    } else {
      this.logger.warn('SLACK_CASES_CHANNEL is not set: complaints get no card in Slack');
    }
  }

  /** Lets work that listeners started after acknowledging a request finish before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.receiver.settled();
  }
}

/**
 * Slack for staff: each complaint's card with its conversation in the thread, the workflow's steps as buttons and
 * modals, and `/complaint`. Everything arrives at POST /slack/events on the application's own port.
 */
@Module({})
export class SlackModule {
  static forRoot(config: AppConfig): DynamicModule {
    const settings = slackSettings(config);
    if (!settings) return { module: SlackModule, controllers: [SlackNotConfiguredController] };
    return {
      module: SlackModule,
      imports: [DatabaseModule, ComplaintsModule, NotificationsModule, DisputesModule, IndicatorsModule, InboundModule, EvidenceModule],
      controllers: [SlackEventsController],
      providers: [
        { provide: SLACK_SETTINGS, useValue: settings },
        {
          provide: SlackReceiver,
          inject: [SlackEventInbox, SlackRequestRepository, ModalSeals],
          useFactory: (events: SlackEventInbox, requests: SlackRequestRepository, seals: ModalSeals) =>
            new SlackReceiver(settings.signingSecret, events, requests, seals, boltLogger('SlackReceiver')),
        },
        SlackWebApi,
        SlackEventRepository,
        SlackEventInbox,
        AuthorNotices,
        SlackRequestRepository,
        SlackViewRepository,
        ModalSeals,
        CaseCardRepository,
        SlackHandOffPostRepository,
        CardContexts,
        CaseCardNotifier,
        CardLinkRepository,
        CardLinks,
        AssignmentMessages,
        AppHome,
        HandOffSlack,
        CaseActions,
        CaseDetails,
        DisputeActions,
        SurveyReopen,
        ThreadNotes,
        StaffStatsSource,
        WeeklyDigest,
        ComplaintCommandListener,
        SlackBolt,
        SlackWiring,
      ],
    };
  }
}
