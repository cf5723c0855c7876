import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { AuditModule } from '../audit/audit.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { customerMessagesPolicy } from './customer-messages.policy.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { NotifierRegistry } from './notifier-registry.js';
import { statusUpdatesPolicy } from './status-updates/status-updates.policy.js';
import { summaryResolutionPolicy } from './status-updates/summary-resolution.policy.js';
import { STATUS_KEY_PREFIX, statusUpdateTexts } from './status-updates/status-update-texts.js';
import { MessageRenderer } from './rendering/message-renderer.js';
import { StaffReplyTexts } from './rendering/staff-reply-texts.js';
import { Outbox } from './outbox.js';
import { OutboxMessageRepository } from './outbox-message.repository.js';
import { OutboxPolicies } from './outbox-policies.js';
import { OutboxSettlement } from './outbox-settlement.js';
import { DEFAULT_RELAY_SETTINGS, OutboxRelay, RELAY_SETTINGS, RETRY_POLICY } from './outbox-relay.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

/** The transactional outbox: messages owed to customers and staff, the relay that delivers them, and how they settle. */
@Module({
  imports: [DatabaseModule, AuditModule],
  providers: [
    StaffReplyTexts,
    OutboxMessageRepository,
    Outbox,
    OutboxPolicies,
    NotifierRegistry,
    OutboxRelay,
    OutboxSettlement,
    { provide: MessageRenderer, useFactory: () => new MessageRenderer() },
    { provide: RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY },
    {
      provide: RELAY_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...DEFAULT_RELAY_SETTINGS, leaseMs: config.CLAIM_LEASE_SECONDS * 1000 }),
    },
  ],
  exports: [Outbox, OutboxMessageRepository, OutboxPolicies, NotifierRegistry, OutboxRelay, OutboxSettlement, MessageRenderer],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly policies: OutboxPolicies,
    private readonly conduct: CodeOfConductService,
    private readonly renderer: MessageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.policies.register(
      customerMessagesPolicy({
        replyName: this.config.STAFF_REPLY_NAME,
        firstNames: this.config.STAFF_FIRST_NAMES,
        team: this.conduct.code.organisation.complaintsTeam,
      }, this.channels),
    );
    this.policies.register(
      statusUpdatesPolicy(
        { reopenWindowDays: this.conduct.reopenWindowDays(), firstNames: this.config.STAFF_FIRST_NAMES, code: this.conduct.code },
        this.channels,
      ),
    );
    this.policies.register(summaryResolutionPolicy(this.conduct.code, this.channels));
    this.renderer.register(
      STATUS_KEY_PREFIX,
      statusUpdateTexts({
        timeZone: this.conduct.timeZone(),
        locale: this.conduct.code.language,
        team: this.conduct.code.organisation.complaintsTeam,
        contactRoutes: this.conduct.code.organisation.contactRoutes.map((route) => `${route.label}: ${route.value}`).join('; '),
        now: () => this.clock.now(),
      }),
    );
  }
}
