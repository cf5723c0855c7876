import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { ContentCreateRequest } from 'twilio/lib/rest/content/v1/content.js';
import type { Clock } from '../../src/complaints/clock.js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import type { MessageRenderer, RenderedMessage } from '../../src/notifications/rendering/message-renderer.js';
import { findUnanswered, type ListedMessage } from './lost-sends.js';
import { toPhoneText } from './phone-text.js';
import type { SmsDeliveries, TakenText } from './sms-deliveries.js';
import type { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { deliveryErrorFrom, type TwilioClient } from './twilio-client.js';
import { KEYWORD_REPLY_KIND, OPTED_OUT_ERROR } from './twilio-sms.notifier.js';
import { WHATSAPP_CHANNEL, WHATSAPP_MAX_BODY } from './whatsapp.channel.js';
import { WHATSAPP_KEYS } from './whatsapp-messages.js';
import { quickReplyOf, splitForWhatsApp } from './whatsapp-quick-reply.js';
import type { WhatsAppQuickReplyRepository } from './whatsapp-quick-reply.repository.js';
import { whatsAppAddress, type WhatsAppSender } from './whatsapp-settings.js';
import { fillTemplate, type WhatsAppTemplates } from './whatsapp-templates.js';
import { possiblePhone } from './possible-phone.js';

/** WhatsApp's customer-service window: free-form messages only within 24 hours of the customer's last message. */
export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface TwilioWhatsAppNotifierOptions {
  client: TwilioClient;
  sender: WhatsAppSender;
  statusCallback: string;
  optOuts: SmsOptOutRepository;
  deliveries: SmsDeliveries;
  renderer: MessageRenderer;
  templates: WhatsAppTemplates;
  quickReplies: WhatsAppQuickReplyRepository;
  /** When the customer's last WhatsApp message to us came in (ISO), if one is kept. */
  lastInbound: (e164: string) => Promise<string | undefined>;
  clock: Clock;
  requestTimeoutMs: number;
}

/** One Twilio message of an outbox message: free text, or a Content template with its variables. */
type Send = { body: string; contentSid?: undefined } | { contentSid: string; contentVariables: Record<string, string>; body?: string };

/**
 * Delivers `whatsapp` outbox messages through Twilio's Messages API to `whatsapp:+…`. What may be sent is decided
 * at send time, as the relay may send long after the message was written: inside the 24-hour customer-service
 * window (from the customer's last WhatsApp message to us) the message is free text, with a question's choices as
 * quick-reply buttons where WhatsApp takes them; outside it only the approved template mapped for its key
 * (WHATSAPP_TEMPLATES_FILE), and a message with none is not sent, its reason recorded, never sent as free text.
 *
 * Sends are recorded as SMS's are (see TwilioSmsNotifier): attempted before the request, their SID after, so a retry
 * sends only what Twilio did not take, and a message whose answer was lost is looked for in Twilio's list first (a
 * template by sender, recipient and time, as its words are Twilio's).
 */
export class TwilioWhatsAppNotifier implements ChannelNotifier {
  readonly channel = WHATSAPP_CHANNEL;
  private readonly logger = new Logger('TwilioWhatsAppNotifier');

  constructor(private readonly options: TwilioWhatsAppNotifierOptions) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const number = recipientOf(message);
    // one opt-out for the number, whichever channel the STOP came by
    if (message.kind !== KEYWORD_REPLY_KIND && (await this.options.optOuts.isOptedOut(number))) {
      throw new DeliveryError(OPTED_OUT_ERROR, true);
    }
    const sends = await this.plan(message, number);
    const to = whatsAppAddress(number);
    const { deliveries } = this.options;
    const { sent, attempted } = await deliveries.progress(message.id);
    // the message Twilio took last, recorded with the next one's attempt, or after the last with the message marked sent (as for SMS)
    let taken: TakenText | undefined;
    for (const [part, send] of sends.entries()) {
      if (sent.has(part)) continue;
      const attemptedAt = attempted.get(part);
      if (attemptedAt && taken) {
        // Twilio's list is read against the messages recorded as sent, so the one just taken must be among them
        await deliveries.recordSent(message.id, taken.part, taken.parts, taken.messageSid, taken.status);
        taken = undefined;
      }
      const earlier = attemptedAt ? await this.findUnanswered(to, send.body, attemptedAt) : undefined;
      const answer = earlier ?? (await this.send(message, part, to, send, taken));
      taken = { part, parts: sends.length, messageSid: answer.sid, status: answer.status };
      sent.set(part, answer.sid);
    }
    this.logger.log(
      { outboxMessageId: message.id, kind: message.kind, to: maskPhone(number), messages: sends.length, template: sends[0]?.contentSid !== undefined },
      'WhatsApp message handed to Twilio',
    );
    // the last one Twilio took is recorded in the commit that marks the message sent
    const last = taken;
    return { providerId: sent.get(0), recordWithSettlement: last && (() => deliveries.recordSent(message.id, last.part, last.parts, last.messageSid, last.status)) };
  }

  /** What goes to Twilio for this message now: free text, quick-reply buttons, or an approved template. */
  private async plan(message: OutboxMessageRecord, number: string): Promise<Send[]> {
    const rendered = this.options.renderer.render(message.payload, 'sms');
    const text = toPhoneText(signed(rendered));
    const lastInbound = await this.options.lastInbound(number);
    const now = this.options.clock.now().getTime();
    const open = lastInbound !== undefined && now - Date.parse(lastInbound) < SESSION_WINDOW_MS;
    if (!open) {
      const template = this.options.templates.for(rendered.key);
      const since = lastInbound ? `last wrote on WhatsApp at ${lastInbound}` : 'has no WhatsApp message to us on record';
      if (!template) {
        throw new DeliveryError(
          `Not sent: the customer ${since}, outside WhatsApp's 24-hour window, where only an approved template may be sent, and no template is mapped for ${rendered.key}`,
          true,
        );
      }
      const filled = fillTemplate(template, rendered.variables, text);
      if (!filled.ok) {
        throw new DeliveryError(
          `Not sent: outside WhatsApp's 24-hour window the template for ${rendered.key} needs ${filled.missing.join(', ')}, which this message does not have`,
          true,
        );
      }
      return [{ contentSid: template.contentSid, contentVariables: filled.contentVariables }];
    }
    if (rendered.key === WHATSAPP_KEYS.dialogReply) {
      const quickReply = quickReplyOf(message.payload.parts);
      if (quickReply) {
        const contentSid = await this.quickReplyContent(quickReply.titles, rendered.language);
        if (contentSid) return [{ contentSid, contentVariables: { '1': quickReply.body }, body: quickReply.body }];
      }
    }
    const bodies = splitForWhatsApp(text, WHATSAPP_MAX_BODY);
    if (bodies.length === 0) throw new DeliveryError('The message has no text', true);
    return bodies.map((body) => ({ body }));
  }

  /**
   * The Content SID of a `twilio/quick-reply` template with these buttons and a placeholder body, created through
   * the Content API the first time and kept. When it cannot be created, the choices go numbered in the text instead:
   * the customer gets the question either way.
   */
  private async quickReplyContent(titles: string[], language: string): Promise<string | undefined> {
    const { quickReplies, client, clock } = this.options;
    const key = createHash('sha256').update(JSON.stringify([language, titles])).digest('hex');
    const kept = await quickReplies.contentSid(key);
    if (kept) return kept;
    const request = {
      friendly_name: `redress_quick_reply_${key.slice(0, 16)}`,
      language,
      variables: { '1': titles.join(' / ') },
      types: { 'twilio/quick-reply': { body: '{{1}}', actions: titles.map((title) => ({ title, id: title })) } },
    } as unknown as ContentCreateRequest;
    try {
      const created = await client.content.v1.contents.create(request);
      return await quickReplies.keep(key, created.sid, clock.now().toISOString());
    } catch (error) {
      this.logger.warn({ err: deliveryErrorFrom(error).message }, 'Quick-reply buttons could not be created; the choices go numbered in the text');
      return undefined;
    }
  }

  /** Hands one message to Twilio; `taken`, the one before it, is recorded as sent in the commit of this one's attempt. */
  private async send(message: OutboxMessageRecord, part: number, to: string, send: Send, taken: TakenText | undefined): Promise<{ sid: string; status: string }> {
    const { client, sender, statusCallback, deliveries, requestTimeoutMs } = this.options;
    if (!(await deliveries.recordAttempt(message.id, part, { attempts: message.attempts, requestMs: requestTimeoutMs }, taken))) {
      throw new DeliveryError(`The claim on the message lapsed before message ${part + 1} was handed to Twilio`, false);
    }
    const content =
      send.contentSid !== undefined
        ? { contentSid: send.contentSid, contentVariables: JSON.stringify(send.contentVariables) }
        : { body: send.body };
    try {
      const created = await client.messages.create({ to, statusCallback, ...sender, ...content });
      return { sid: created.sid, status: created.status };
    } catch (error) {
      if (error instanceof twilio.RestException && error.status >= 400 && error.status < 500) {
        await deliveries.forgetAttempt(message.id, part);
      }
      throw deliveryErrorFrom(error);
    }
  }

  private async findUnanswered(to: string, body: string | undefined, attemptedAt: Date): Promise<ListedMessage | undefined> {
    const { client, sender, deliveries } = this.options;
    let listed: ListedMessage[];
    try {
      const page = await client.messages.page({ to, ...('from' in sender ? { from: sender.from } : {}), pageSize: 50 });
      listed = page.instances;
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
    return findUnanswered(listed, { to, body, sender, attemptedAt }, await deliveries.recorded(listed.map((message) => message.sid)));
  }
}

/** The customer's number, E.164, whether the outbox holds it bare (as the conversation) or as `whatsapp:+…`. */
function recipientOf(message: OutboxMessageRecord): string {
  const address = message.recipient.address;
  const bare = typeof address === 'string' ? address.replace(/^whatsapp:/, '') : undefined;
  const number = bare ? possiblePhone(bare) : undefined;
  if (!number) throw new DeliveryError('The recipient is not a WhatsApp number', true);
  return number;
}

/** A staff reply starts with who wrote it ("Complaints team: ..."), as on SMS. */
function signed({ text, from }: RenderedMessage): string {
  return from ? `${from}: ${text}` : text;
}
