import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import type { MessageRenderer, RenderedMessage } from '../../src/notifications/rendering/message-renderer.js';
import { toPhoneText } from './phone-text.js';
import { possiblePhone } from './possible-phone.js';
import { SMS_CHANNEL } from './sms-bot.adapter.js';
import type { SmsDeliveries, TakenText } from './sms-deliveries.js';
import type { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { splitForSms, withinLimits, type SmsLimits } from './sms-segments.js';
import type { SmsSender } from './sms-settings.js';
import { deliveryErrorFrom, type TwilioClient } from './twilio-client.js';
import { findUnanswered, type ListedMessage, type UnansweredSend } from './lost-sends.js';

/** Answers to STOP, START and HELP: the one kind of text that still goes to a number that opted out. */
export const KEYWORD_REPLY_KIND = 'keyword_reply';

/** What `lastError` says of a message kept from a number that opted out. */
export const OPTED_OUT_ERROR = 'recipient opted out';

export interface TwilioSmsNotifierOptions {
  client: TwilioClient;
  sender: SmsSender;
  /** Where Twilio reports what became of each text; unset, Twilio reports nothing. */
  statusCallback: string;
  optOuts: SmsOptOutRepository;
  deliveries: SmsDeliveries;
  /** Words each message at send time, for SMS. */
  renderer: MessageRenderer;
  /** The channel's declared limits on one provider message: a text too big for them is broken (see withinLimits). */
  limits: SmsLimits;
  /** How long a request to Twilio may take before the client gives up on it (see createTwilioClient). */
  requestTimeoutMs: number;
}

/** Most recent messages to one number read from Twilio's list when looking for a text whose answer was lost. */
const LOOKUP_PAGE_SIZE = 50;

/**
 * Delivers `sms` outbox messages through Twilio's REST API. A message is worded for SMS when it is sent (see
 * MessageRenderer) and becomes one or more texts (see `splitForSms`), each within what the channel declares one
 * provider message may carry (see `withinLimits`), sent one after another so that they arrive in order; the relay
 * sends a customer's messages one at a time, so the texts of one reply all go before those of the next. The receipt's provider id is the first text's Message SID.
 *
 * Twilio's Messages resource takes no idempotency key, so each text is sent at most once this way: its attempt is
 * committed before the request, its Message SID recorded after the answer (in the commit of the next text's attempt,
 * or, after the last, in the commit that marks the message sent). A retry skips the texts recorded as sent, and a text attempted with no answer
 * recorded (a crash, a dropped connection, a timeout) is looked up in Twilio's Messages list and sent again only when
 * it is not there. A text is handed over only while the relay's claim on the
 * message holds for longer than the request can take (see `SmsDeliveries.recordAttempt`), so a claim that lapsed or
 * was given up never hands over a text that a newer claim is sending too.
 *
 * A dialog reply's way out, and what a crash at each point leaves (one commit each but the requests):
 *
 * | step | committed | a crash just after it |
 * | --- | --- | --- |
 * | the turn | dialog state, the reply claimed by this instance's relay (see `Outbox.enqueueHandedOver`; or unclaimed, as a status update is, and claimed by the relay in a commit of its own), the text marked handled | the reply waits until the claim lapses, is claimed again, and its texts are sent: none was attempted |
 * | text 1's attempt | text 1 attempted | as below, for text 1 |
 * | Twilio takes text 1 | (nothing) | text 1 attempted with no answer: the retry finds it in Twilio's list and does not send it again, or sends it when it is not there |
 * | text k's attempt (k > 1) | text k − 1's Message SID, text k attempted | the retry skips the texts recorded as sent and looks for text k |
 * | Twilio takes the last text | (nothing) | as for text 1: found in Twilio's list, not sent again |
 * | the message settled | the last text's Message SID, the message `sent` | nothing left to do |
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
    const texts = withinLimits(splitForSms(toPhoneText(signed(this.options.renderer.render(message.payload, 'sms')))), this.options.limits);
    if (texts.length === 0) throw new DeliveryError('The message has no text', true);

    const { deliveries } = this.options;
    const { sent, attempted } = await deliveries.progress(message.id);
    let found = 0;
    // the text Twilio took last, recorded with the next text's attempt, or after the last with the message marked sent
    let taken: TakenText | undefined;
    for (const [part, body] of texts.entries()) {
      if (sent.has(part)) continue;
      const attemptedAt = attempted.get(part);
      if (attemptedAt && taken) {
        // Twilio's list is read against the texts recorded as sent, so the one just taken must be among them
        await deliveries.recordSent(message.id, taken.part, taken.parts, taken.messageSid, taken.status);
        taken = undefined;
      }
      const earlier = attemptedAt ? await this.findUnanswered({ to, body, sender: this.options.sender, attemptedAt }) : undefined;
      if (earlier) found++;
      const answer = earlier ?? (await this.send(message, part, to, body, taken));
      taken = { part, parts: texts.length, messageSid: answer.sid, status: answer.status };
      sent.set(part, answer.sid);
    }
    this.logger.log(
      { outboxMessageId: message.id, kind: message.kind, to: maskPhone(to), texts: texts.length, foundAtTwilio: found },
      'SMS handed to Twilio',
    );
    // the last one Twilio took is recorded in the commit that marks the message sent
    const last = taken;
    return { providerId: sent.get(0), recordWithSettlement: last && (() => deliveries.recordSent(message.id, last.part, last.parts, last.messageSid, last.status)) };
  }

  /** Hands one text to Twilio; `taken`, the text before it, is recorded as sent in the commit of this one's attempt. */
  private async send(message: OutboxMessageRecord, part: number, to: string, body: string, taken: TakenText | undefined): Promise<{ sid: string; status: string }> {
    const { client, sender, statusCallback, deliveries, requestTimeoutMs } = this.options;
    const outboxMessageId = message.id;
    if (!(await deliveries.recordAttempt(outboxMessageId, part, { attempts: message.attempts, requestMs: requestTimeoutMs }, taken))) {
      throw new DeliveryError(`The claim on the message lapsed before text ${part + 1} was handed to Twilio`, false);
    }
    try {
      const created = await client.messages.create({ to, body, statusCallback, ...sender });
      return { sid: created.sid, status: created.status };
    } catch (error) {
      // Twilio refused it in so many words (a 4xx): nothing was taken. A 5xx or no answer at all leaves it unknown.
      if (error instanceof twilio.RestException && error.status >= 400 && error.status < 500) {
        await deliveries.forgetAttempt(outboxMessageId, part);
      }
      throw deliveryErrorFrom(error);
    }
  }

  /**
   * The text as Twilio took it, if it did. Only the most recent messages to the number are read: a customer's texts
   * go one at a time, so one whose answer was lost is the last we sent them. The list is not narrowed by `DateSent`:
   * a message Twilio has queued and not yet sent has no `date_sent`.
   */
  private async findUnanswered(send: UnansweredSend): Promise<ListedMessage | undefined> {
    const { client, sender, deliveries } = this.options;
    let listed: ListedMessage[];
    try {
      const page = await client.messages.page({ to: send.to, ...('from' in sender ? { from: sender.from } : {}), pageSize: LOOKUP_PAGE_SIZE });
      listed = page.instances;
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
    return findUnanswered(listed, send, await deliveries.recorded(listed.map((message) => message.sid)));
  }
}

function recipientOf(message: OutboxMessageRecord): string {
  const address = message.recipient.address;
  const number = typeof address === 'string' ? possiblePhone(address) : undefined;
  if (!number) throw new DeliveryError('The recipient is not a phone number', true);
  return number;
}

/** A phone shows every message alike: a staff reply starts with who wrote it ("Complaints team: ..."). */
function signed({ text, from }: RenderedMessage): string {
  return from ? `${from}: ${text}` : text;
}
