import { Logger } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { toPhoneText } from './phone-text.js';
import { SMS_CHANNEL } from './sms-bot.adapter.js';
import type { SmsDeliveries } from './sms-deliveries.js';
import type { SmsOptOuts } from './sms-opt-outs.js';
import { splitForSms } from './sms-segments.js';
import type { SmsSender } from './sms-settings.js';
import { deliveryErrorFrom, type TwilioClient } from './twilio-client.js';

/** Answers to STOP, START and HELP: the one kind of text that still goes to a number that opted out. */
export const KEYWORD_REPLY_KIND = 'keyword_reply';

/** What `lastError` says of a message kept from a number that opted out. */
export const OPTED_OUT_ERROR = 'recipient opted out';

export interface TwilioSmsNotifierOptions {
  client: TwilioClient;
  sender: SmsSender;
  /** Where Twilio reports what became of each text; unset, Twilio reports nothing. */
  statusCallback: string;
  optOuts: SmsOptOuts;
  deliveries: SmsDeliveries;
}

/**
 * Delivers `sms` outbox messages through Twilio's REST API. A message becomes one or more texts (see `splitForSms`),
 * sent one after another so that they arrive in order; a retry skips the texts Twilio already took. The receipt's
 * provider id is the first text's Message SID.
 */
export class TwilioSmsNotifier implements ChannelNotifier {
  readonly channel = SMS_CHANNEL;
  private readonly logger = new Logger('TwilioSmsNotifier');

  constructor(private readonly options: TwilioSmsNotifierOptions) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const to = recipientOf(message);
    // checked when sending, not when writing: status updates and staff replies are written by the core, which
    // knows nothing of opt-outs, and a STOP may come in while a message waits in the outbox
    if (message.kind !== KEYWORD_REPLY_KIND && (await this.options.optOuts.isOptedOut(to))) {
      throw new DeliveryError(OPTED_OUT_ERROR, true);
    }
    const texts = splitForSms(toPhoneText(typeof message.payload.text === 'string' ? message.payload.text : ''));
    if (texts.length === 0) throw new DeliveryError('The message has no text', true);

    const sent = await this.options.deliveries.sentParts(message.id);
    for (const [part, body] of texts.entries()) {
      if (sent.has(part)) continue;
      const created = await this.send(to, body);
      await this.options.deliveries.recordSent(message.id, part, texts.length, created.sid, created.status);
      sent.set(part, created.sid);
    }
    this.logger.log({ outboxMessageId: message.id, kind: message.kind, to: maskPhone(to), texts: texts.length }, 'SMS handed to Twilio');
    return { providerId: sent.get(0) };
  }

  private async send(to: string, body: string): Promise<{ sid: string; status: string }> {
    const { client, sender, statusCallback } = this.options;
    try {
      const created = await client.messages.create({ to, body, statusCallback, ...sender });
      return { sid: created.sid, status: created.status };
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }
}

function recipientOf(message: OutboxMessageRecord): string {
  const address = message.recipient.address;
  const phone = typeof address === 'string' ? parsePhoneNumberFromString(address) : undefined;
  if (!phone?.isPossible()) throw new DeliveryError('The recipient is not a phone number', true);
  return phone.number;
}
