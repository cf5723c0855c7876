import { Body, Controller, Header, HttpCode, Inject, Logger, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '../../src/common/domain-error.js';
import { ZodPipe } from '../../src/common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { SmsDeliveries } from './sms-deliveries.js';
import { SMS_INBOX, SmsInbox, WHATSAPP_INBOX } from './sms-inbox.js';
import { SMS_SETTINGS, type SmsSettings } from './sms-settings.js';
import { WHATSAPP_SETTINGS, type WhatsAppSettings } from './whatsapp-settings.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';
import { inboundSmsSchema, mediaOf, statusCallbackSchema, type InboundSmsPayload, type StatusCallbackPayload } from './twilio-payloads.js';

/** TwiML that tells Twilio we have nothing to say right now: replies follow through the REST API. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio's webhooks: customers' texts and WhatsApp messages (one URL for both: a WhatsApp sender's "A message comes
 * in" webhook may point at it too, and its messages are told apart by `From: whatsapp:+…`), and what became of the
 * messages we sent.
 */
@ApiExcludeController()
@Controller('webhooks/twilio')
@UseGuards(TwilioSignatureGuard)
export class TwilioWebhooksController {
  private readonly logger = new Logger('TwilioWebhooks');

  constructor(
    @Inject(SMS_INBOX) private readonly smsInbox: SmsInbox,
    @Inject(WHATSAPP_INBOX) private readonly whatsAppInbox: SmsInbox,
    private readonly deliveries: SmsDeliveries,
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(WHATSAPP_SETTINGS) private readonly whatsapp: WhatsAppSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Stores the text and answers at once; the turn runs afterwards. Twilio gives up on a slow webhook (15 s) and
   * may retry it, so the dialog never runs while Twilio waits, and a retried MessageSid is stored only once.
   */
  @Post('sms')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async inbound(@Body(new ZodPipe(inboundSmsSchema)) payload: InboundSmsPayload): Promise<string> {
    this.checkAccount(payload.AccountSid);
    const inbox = payload.From.channel === 'whatsapp' ? this.whatsAppInbox : this.smsInbox;
    if (!inbox.line.enabled) {
      throw new DomainError('not_found', `${payload.From.channel}_not_configured`, `${inbox.line.name} is not set up on this server.`);
    }
    // a quick-reply button tapped comes as its title, which the dialogs read as they read a typed answer
    const body = payload.ButtonText?.trim() ? payload.ButtonText : payload.Body;
    const stored = await inbox.receive({
      messageSid: payload.MessageSid,
      accountSid: payload.AccountSid,
      from: payload.From.number,
      to: payload.To,
      body,
      numMedia: payload.NumMedia,
      // only where the media are: they are fetched when the message is handled, not while Twilio waits
      media: mediaOf(payload),
      numSegments: payload.NumSegments,
      receivedAt: this.clock.now().toISOString(),
    });
    this.logger.log(
      { messageSid: payload.MessageSid, from: maskPhone(payload.From.number), segments: payload.NumSegments, media: payload.NumMedia, duplicate: !stored },
      stored ? `${inbox.line.name} received` : `${inbox.line.name} received again (a Twilio retry); ignored`,
    );
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(204)
  async status(@Body(new ZodPipe(statusCallbackSchema)) payload: StatusCallbackPayload): Promise<void> {
    this.checkAccount(payload.AccountSid);
    await this.deliveries.record({ messageSid: payload.MessageSid, status: payload.MessageStatus, errorCode: payload.ErrorCode });
  }

  private checkAccount(accountSid: string): void {
    const account = this.sms.enabled ? this.sms : this.whatsapp.enabled ? this.whatsapp : undefined;
    if (account && accountSid !== account.accountSid) {
      throw new DomainError('forbidden', 'twilio_account_mismatch', 'The request is for another Twilio account.');
    }
  }
}
