import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
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
import { SmsInbox } from './sms-inbox.js';
import { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { partlyConfigured, SMS_SETTINGS, smsSettings, type SmsSettings } from './sms-settings.js';
import { createTwilioClient, twilioRequestTimeout } from './twilio-client.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';
import { TwilioSmsNotifier } from './twilio-sms.notifier.js';
import { SMS_DECLARATION } from './sms.channel.js';
import { SMS_KEY_PREFIX, smsMessages } from './sms-messages.js';
import { TwilioWebhooksController } from './twilio-webhooks.controller.js';

/**
 * Customers over SMS through Twilio: the inbound webhook and its handler in the inbound pipeline, the dialogs run through SmsBotAdapter,
 * outbound texts through the official client, and delivery callbacks. Off (webhooks answer 404) until Twilio is set up.
 */
@Module({
  imports: [DatabaseModule, InboundModule, NotificationsModule, DialogsModule],
  controllers: [TwilioWebhooksController],
  providers: [
    { provide: SMS_SETTINGS, inject: [APP_CONFIG], useFactory: smsSettings },
    { provide: SmsBotAdapter, inject: [UnitOfWork, Outbox], useFactory: (uow: UnitOfWork, outbox: Outbox) => new SmsBotAdapter(uow, outbox) },
    SmsOptOutRepository,
    SmsDeliveryRepository,
    SmsDeliveries,
    SmsInbox,
    SmsCustomerData,
    TwilioSignatureGuard,
  ],
})
export class SmsModule implements OnModuleInit {
  private readonly logger = new Logger('SmsModule');

  constructor(
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    this.renderer.register(
      SMS_KEY_PREFIX,
      smsMessages({
        organisation: organisation.name,
        contactRoutes: organisation.contactRoutes,
        codeOfConductUrl: `${this.sms.enabled ? this.sms.publicUrl : ''}/code-of-conduct`,
      }),
    );
    if (!this.sms.enabled) {
      // declared all the same: a complaint's phone contact is still SMS's, which staff are told cannot be reached
      this.channels.declare({ ...SMS_DECLARATION, optedOut: (address) => this.optOuts.isOptedOut(address) });
      if (partlyConfigured(this.config)) this.logger.warn(`SMS is off until these are set: ${this.sms.missing.join(', ')}`);
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
}
