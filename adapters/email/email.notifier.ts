import { Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import type { Messages } from '../../dialogs/messages/messages.js';
import { maskEmail } from '../../src/contacts/contact-format.js';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import type { OutboxMessageRepository } from '../../src/notifications/outbox-message.repository.js';
import type { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { messageIdFor, replyAddress } from './email-addresses.js';
import { composeEmail } from './email-composition.js';
import { deliveryErrorFrom } from './smtp-errors.js';

export const EMAIL_CHANNEL = 'email';

/** Written by a person: the one kind of email to a customer that is not marked as sent automatically. */
const STAFF_REPLY_KIND = 'staff_reply';

export interface EmailNotifierOptions {
  transport: Transporter;
  from: string;
  /** Replies' base address; each case's adds `+REFERENCE`. */
  replyTo: string;
  organisation: string;
  messages: Messages;
  /** The emails already sent about a case (the thread a new one joins), and the mark that the SMTP server took one. */
  outboxMessages: OutboxMessageRepository;
  /** Inbound email is set up, so a reply reaches the case. */
  repliesReachUs: boolean;
  /** Words each message at send time; the subject and HTML are composed around them (see composeEmail). */
  renderer: MessageRenderer;
}

/**
 * Delivers `email` outbox messages over SMTP. Every email about a case has the reference in its subject, replies
 * addressed to the case's own address, and threading headers that join it to the case's earlier emails (or to the
 * customer's email it answers), so the customer's mail program shows one conversation per complaint.
 *
 * The Message-ID comes from the outbox message, so a message sent again after a lost answer is the same message, and
 * it is what a bounce or a reply quotes to lead back here.
 */
export class EmailNotifier implements ChannelNotifier {
  readonly channel = EMAIL_CHANNEL;
  private readonly logger = new Logger('EmailNotifier');

  constructor(private readonly options: EmailNotifierOptions) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    // The SMTP server took it on an earlier try whose answer came after the relay had stopped waiting (see below):
    // SMTP cannot be asked what it took, so this is the one trace, and sending it again would be a second email.
    if (message.providerId) return { providerId: message.providerId };
    const to = recipientOf(message);
    const { inReplyTo, autoReply, unsubscribeUrl } = message.payload;
    const { transport, messages, organisation, repliesReachUs, renderer } = this.options;
    const { text, from, language } = renderer.render(message.payload, 'email', { repliesReachUs });
    const email = composeEmail(messages, {
      reference: message.reference,
      text,
      from,
      language,
      organisation,
      repliesReachUs,
    });
    const messageId = messageIdFor(message.id, this.options.from);
    const thread = await this.threadOf(message);
    const answering = typeof inReplyTo === 'string' && inReplyTo !== '' ? inReplyTo : thread.at(-1);
    const references = [...new Set([...(typeof inReplyTo === 'string' && inReplyTo !== '' ? [inReplyTo] : []), ...thread])];
    // RFC 3834: a person's reply is not marked; our answer to an email is `auto-replied`, anything else we send on our own `auto-generated`
    const autoSubmitted = message.kind === STAFF_REPLY_KIND ? undefined : autoReply === true ? 'auto-replied' : 'auto-generated';
    try {
      await transport.sendMail({
        from: { name: organisation, address: this.options.from },
        to,
        replyTo: replyAddress(this.options.replyTo, message.reference),
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId,
        ...(answering ? { inReplyTo: answering, references } : {}),
        headers: {
          'Content-Language': email.language,
          ...(autoSubmitted ? { 'Auto-Submitted': autoSubmitted, 'X-Auto-Response-Suppress': 'All' } : {}),
          // a message the customer may stop (a survey): their mail program offers "unsubscribe", one click (RFC 8058)
          ...(typeof unsubscribeUrl === 'string' && /^https?:\/\//.test(unsubscribeUrl)
            ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      });
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
    // kept at once, not only when the relay settles the message: the relay may have given up waiting meanwhile
    await this.options.outboxMessages.recordProviderId(message.id, messageId);
    this.logger.log({ outboxMessageId: message.id, kind: message.kind, to: maskEmail(to) }, 'Email handed to the SMTP server');
    return { providerId: messageId };
  }

  private async threadOf(message: OutboxMessageRecord): Promise<string[]> {
    if (!message.reference) return [];
    return this.options.outboxMessages.sentAbout(EMAIL_CHANNEL, message.reference, message.id);
  }
}

function recipientOf(message: OutboxMessageRecord): string {
  const address = message.recipient.address;
  if (typeof address !== 'string' || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) {
    throw new DeliveryError('The recipient is not an email address', true);
  }
  return address;
}
