import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import type { EvidenceIntake } from '../../dialogs/evidence-files.js';
import { BOT, EVIDENCE_INTAKE } from '../../dialogs/tokens.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { DIALOG_STORAGE } from '../../src/database/dialog-state/dialog-storage.js';
import { InboundPipeline } from '../../src/inbound/inbound-pipeline.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { DialogsModule } from '../../dialogs/dialogs.module.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { InboundModule } from '../../src/inbound/inbound.module.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { Outbox } from '../../src/notifications/outbox.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { CustomerDataRegistry } from '../../src/privacy/customer-data.js';
import { SmsBotAdapter } from './sms-bot.adapter.js';
import { SmsCustomerData } from './sms-customer-data.js';
import { SmsDeliveries } from './sms-deliveries.js';
import { SmsDeliveryRepository } from './sms-delivery.repository.js';
import { SMS_INBOX, SmsInbox, WHATSAPP_INBOX, type InboxDependencies } from './sms-inbox.js';
import { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { partlyConfigured, SMS_SETTINGS, smsSettings, type SmsSettings } from './sms-settings.js';
import { createTwilioClient, twilioRequestTimeout } from './twilio-client.js';
import { TwilioMedia } from './twilio-media.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';
import { TwilioSmsNotifier } from './twilio-sms.notifier.js';
import { SMS_DECLARATION } from './sms.channel.js';
import { SMS_KEY_PREFIX, SMS_KEYS, smsMessages } from './sms-messages.js';
import { TwilioWebhooksController } from './twilio-webhooks.controller.js';
import { TwilioWhatsAppNotifier } from './twilio-whatsapp.notifier.js';
import { WHATSAPP_CHANNEL, WHATSAPP_DECLARATION } from './whatsapp.channel.js';
import { WHATSAPP_KEY_PREFIX, WHATSAPP_KEYS, whatsAppMessages } from './whatsapp-messages.js';
import { WhatsAppQuickReplyRepository } from './whatsapp-quick-reply.repository.js';
import { WHATSAPP_SETTINGS, whatsAppSettings, type WhatsAppSettings } from './whatsapp-settings.js';

const WHATSAPP_BOT_ADAPTER = Symbol('WHATSAPP_BOT_ADAPTER');

/** What the core sends a customer on its own, long after their last message: each needs a template on WhatsApp. */
const CUSTOMER_MESSAGE_FAMILIES = ['status.', 'staff_reply', 'deadline.', 'survey.', 'dispute.'];
const INBOX_DEPENDENCIES = Symbol('INBOX_DEPENDENCIES');

/** Fetches a line's media with its account's credentials, well inside the lease on the message being handled. */
function twilioMedia(account: { accountSid: string; authToken: string; apiUrl?: string }, config: AppConfig): TwilioMedia {
  const leaseMs = config.CLAIM_LEASE_SECONDS * 1000;
  return new TwilioMedia({
    accountSid: account.accountSid,
    authToken: account.authToken,
    apiUrl: account.apiUrl,
    timeoutMs: twilioRequestTimeout(leaseMs / 4),
    budgetMs: leaseMs / 2,
  });
}

/**
 * Customers over SMS and WhatsApp through Twilio: the inbound webhook and a handler in the inbound pipeline for each,
 * the dialogs run through SmsBotAdapter, outbound messages through the official client, and delivery callbacks.
 * Each is off (its messages answered 404) until it is set up.
 */
@Module({
  imports: [DatabaseModule, InboundModule, NotificationsModule, DialogsModule],
  controllers: [TwilioWebhooksController],
  providers: [
    { provide: SMS_SETTINGS, inject: [APP_CONFIG], useFactory: smsSettings },
    { provide: WHATSAPP_SETTINGS, inject: [APP_CONFIG], useFactory: whatsAppSettings },
    { provide: SmsBotAdapter, inject: [UnitOfWork, Outbox], useFactory: (uow: UnitOfWork, outbox: Outbox) => new SmsBotAdapter(uow, outbox) },
    {
      provide: WHATSAPP_BOT_ADAPTER,
      inject: [UnitOfWork, Outbox],
      useFactory: (uow: UnitOfWork, outbox: Outbox) =>
        new SmsBotAdapter(uow, outbox, WHATSAPP_CHANNEL, { dialogReply: WHATSAPP_KEYS.dialogReply, turnFailed: WHATSAPP_KEYS.turnFailed }),
    },
    {
      provide: INBOX_DEPENDENCIES,
      inject: [UnitOfWork, InboundPipeline, CLOCK, BOT, SmsOptOutRepository, Outbox, DIALOG_STORAGE, EVIDENCE_INTAKE],
      useFactory: (
        uow: UnitOfWork,
        pipeline: InboundPipeline,
        clock: Clock,
        bot: Pick<ActivityHandler, 'run'>,
        optOuts: SmsOptOutRepository,
        outbox: Outbox,
        dialogStorage: Storage,
        evidence: EvidenceIntake,
      ): InboxDependencies => ({ uow, pipeline, clock, bot, optOuts, outbox, dialogStorage, evidence }),
    },
    {
      provide: SMS_INBOX,
      inject: [INBOX_DEPENDENCIES, SMS_SETTINGS, SmsBotAdapter, APP_CONFIG],
      useFactory: (dependencies: InboxDependencies, sms: SmsSettings, adapter: SmsBotAdapter, config: AppConfig) =>
        new SmsInbox(dependencies, {
          channel: adapter.channel,
          name: 'SMS',
          enabled: sms.enabled,
          adapter,
          keywordReplies: SMS_KEYS,
          media: sms.enabled ? twilioMedia(sms, config) : undefined,
          // many numbers cannot take picture messages: customers are asked for photos only where the number can
          filesAccepted: sms.enabled && sms.mmsInbound ? 'photos' : undefined,
        }),
    },
    {
      provide: WHATSAPP_INBOX,
      inject: [INBOX_DEPENDENCIES, WHATSAPP_SETTINGS, WHATSAPP_BOT_ADAPTER, APP_CONFIG],
      useFactory: (dependencies: InboxDependencies, whatsapp: WhatsAppSettings, adapter: SmsBotAdapter, config: AppConfig) =>
        new SmsInbox(dependencies, {
          channel: adapter.channel,
          name: 'WhatsApp',
          enabled: whatsapp.enabled,
          adapter,
          keywordReplies: WHATSAPP_KEYS,
          media: whatsapp.enabled ? twilioMedia(whatsapp, config) : undefined,
          filesAccepted: 'documents',
        }),
    },
    SmsOptOutRepository,
    SmsDeliveryRepository,
    SmsDeliveries,
    SmsCustomerData,
    WhatsAppQuickReplyRepository,
    TwilioSignatureGuard,
  ],
})
export class SmsModule implements OnModuleInit {
  private readonly logger = new Logger('SmsModule');

  constructor(
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(WHATSAPP_SETTINGS) private readonly whatsapp: WhatsAppSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly pipeline: InboundPipeline,
    private readonly quickReplies: WhatsAppQuickReplyRepository,
    private readonly channels: ChannelRegistry,
    private readonly optOuts: SmsOptOutRepository,
    private readonly deliveries: SmsDeliveries,
    private readonly customerData: CustomerDataRegistry,
    private readonly smsData: SmsCustomerData,
    private readonly renderer: MessageRenderer,
    private readonly conduct: CodeOfConductService,
  ) {}

  onModuleInit(): void {
    // Texts kept from when SMS was on are still theirs to export and to let go of.
    this.customerData.register(this.smsData);
    const { organisation } = this.conduct.code;
    const ours = this.sms.enabled ? this.sms.publicUrl : this.whatsapp.enabled ? this.whatsapp.publicUrl : '';
    const words = { organisation: organisation.name, contactRoutes: organisation.contactRoutes, codeOfConductUrl: `${ours}/code-of-conduct` };
    this.renderer.register(SMS_KEY_PREFIX, smsMessages(words));
    this.renderer.register(WHATSAPP_KEY_PREFIX, whatsAppMessages(words));
    this.declareSms();
    this.declareWhatsApp();
  }

  private declareSms(): void {
    if (!this.sms.enabled) {
      // declared all the same: a complaint's phone contact is still SMS's, which staff are told cannot be reached
      this.channels.declare({ ...SMS_DECLARATION, optedOut: (address) => this.optOuts.isOptedOut(address) });
      if (partlyConfigured(this.config) && !this.whatsapp.enabled) this.logger.warn(`SMS is off until these are set: ${this.sms.missing.join(', ')}`);
      return;
    }
    const { accountSid, authToken, apiUrl, sender, publicUrl } = this.sms;
    const requestTimeoutMs = (this.config.CLAIM_LEASE_SECONDS * 1000) / 2;
    this.channels.declare({
      ...SMS_DECLARATION,
      optedOut: (address) => this.optOuts.isOptedOut(address),
      notifier: new TwilioSmsNotifier({
        client: createTwilioClient(accountSid, authToken, requestTimeoutMs, apiUrl),
        sender,
        statusCallback: `${publicUrl}/webhooks/twilio/status`,
        optOuts: this.optOuts,
        deliveries: this.deliveries,
        renderer: this.renderer,
        limits: SMS_DECLARATION.capabilities,
        requestTimeoutMs: twilioRequestTimeout(requestTimeoutMs),
      }),
    });
  }

  /** Declared whether or not it is on, as SMS is: a complaint's WhatsApp contact stays known, and staff are told it cannot be reached. */
  private declareWhatsApp(): void {
    const optedOut = (address: string) => this.optOuts.isOptedOut(address.replace(/^whatsapp:/, ''));
    if (!this.whatsapp.enabled) {
      this.channels.declare({ ...WHATSAPP_DECLARATION, optedOut });
      if (this.config.TWILIO_WHATSAPP_NUMBER) this.logger.warn(`WhatsApp is off until these are set: ${this.whatsapp.missing.join(', ')}`);
      return;
    }
    const { accountSid, authToken, apiUrl, sender, publicUrl, templates } = this.whatsapp;
    const requestTimeoutMs = (this.config.CLAIM_LEASE_SECONDS * 1000) / 2;
    this.channels.declare({
      ...WHATSAPP_DECLARATION,
      optedOut,
      notifier: new TwilioWhatsAppNotifier({
        client: createTwilioClient(accountSid, authToken, requestTimeoutMs, apiUrl),
        sender,
        statusCallback: `${publicUrl}/webhooks/twilio/status`,
        optOuts: this.optOuts,
        deliveries: this.deliveries,
        renderer: this.renderer,
        templates,
        quickReplies: this.quickReplies,
        lastInbound: (number) => this.pipeline.lastReceivedAt(WHATSAPP_CHANNEL, number),
        clock: this.clock,
        requestTimeoutMs: twilioRequestTimeout(requestTimeoutMs),
      }),
    });
    this.logger.log({ templates: templates.keys().length }, 'WhatsApp is on');
    const unmapped = templates.unmapped(CUSTOMER_MESSAGE_FAMILIES);
    if (unmapped.length > 0) {
      this.logger.warn(
        { unmapped },
        "WhatsApp: these messages have no approved template, so outside the 24-hour window they will be recorded as not sent (see WHATSAPP_TEMPLATES_FILE)",
      );
    }
  }
}
