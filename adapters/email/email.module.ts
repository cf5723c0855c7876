import { Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { Messages } from '../../dialogs/messages/messages.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { OutboxMessageRepository } from '../../src/notifications/outbox-message.repository.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { ComplaintsModule } from '../../src/complaints/complaints.module.js';
import { InboundModule } from '../../src/inbound/inbound.module.js';
import { CustomerDataRegistry } from '../../src/privacy/customer-data.js';
import { EmailCustomerData } from './email-customer-data.js';
import { EmailInbox } from './email-inbox.js';
import { EmailIntakeRepository } from './email-intake.repository.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { EMAIL_SETTINGS, emailSettings, partlyConfigured, type EmailSettings } from './email-settings.js';
import { EMAIL_DECLARATION } from './email.channel.js';
import { EMAIL_ANSWER_KEY, emailAnswers } from './email-answers.js';
import { EmailNotifier } from './email.notifier.js';
import { MailgunWebhookController } from './mailgun-webhook.controller.js';

/**
 * Customers by email: outbound through an SMTP server (nodemailer), inbound through Mailgun's raw-MIME route into the
 * inbox. Off until SMTP_URL and EMAIL_FROM are set; then the dialogs offer email updates, since a notifier for
 * `email` is registered. Inbound needs EMAIL_INBOUND_SIGNING_KEY too (the webhook answers 404 without it).
 */
@Module({
  imports: [DatabaseModule, NotificationsModule, ComplaintsModule, InboundModule],
  controllers: [MailgunWebhookController],
  providers: [{ provide: EMAIL_SETTINGS, inject: [APP_CONFIG], useFactory: emailSettings }, EmailIntakeRepository, EmailInbox, EmailCustomerData],
})
export class EmailModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EmailModule');
  private transport: Transporter | undefined;
  private readonly messages = new Messages();

  constructor(
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelRegistry,
    private readonly conduct: CodeOfConductService,
    private readonly outboxMessages: OutboxMessageRepository,
    private readonly renderer: MessageRenderer,
    private readonly customerData: CustomerDataRegistry,
    private readonly emailData: EmailCustomerData,
    private readonly inbox: EmailInbox,
  ) {}

  onModuleInit(): void {
    // Emails kept from when email was on are still theirs to export and to let go of.
    this.customerData.register(this.emailData);
    this.renderer.register(EMAIL_ANSWER_KEY, emailAnswers(this.messages));
    if (!this.settings.enabled) {
      // declared all the same: a complaint's email contact is still email's, which staff are told cannot be reached
      this.channels.declare(EMAIL_DECLARATION);
      if (partlyConfigured(this.config)) this.logger.warn(`Email is off until these are set: ${this.settings.missing.join(', ')}`);
      return;
    }
    // an SMTP server that never answers would hold a customer's later messages: give up well within the relay's lease
    const limitMs = Math.max(2_000, (this.config.CLAIM_LEASE_SECONDS * 1000) / 4);
    this.transport = nodemailer.createTransport({
      url: this.settings.smtpUrl,
      connectionTimeout: limitMs,
      greetingTimeout: limitMs,
      socketTimeout: limitMs,
    });
    this.channels.declare({
      ...EMAIL_DECLARATION,
      notifier: new EmailNotifier({
        transport: this.transport,
        from: this.settings.from,
        replyTo: this.settings.replyTo,
        organisation: this.conduct.code.organisation.name,
        messages: this.messages,
        outboxMessages: this.outboxMessages,
        repliesReachUs: this.settings.inboundSigningKey !== undefined,
        renderer: this.renderer,
      }),
    });
    // customers' emails are taken only with a key to check Mailgun's signature by
    if (this.settings.inboundSigningKey !== undefined) this.inbox.register();
    else this.logger.warn('Email is on without EMAIL_INBOUND_SIGNING_KEY: customers\' replies go to the Reply-To mailbox and never reach their case');
    this.logger.log({ from: this.settings.from, inbound: this.settings.inboundSigningKey !== undefined }, 'Email is on');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
