import { createHash } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Logger, Post, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '../../src/common/domain-error.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { maskEmail } from '../../src/contacts/contact-format.js';
import { EmailInbox, type StoredEmail } from './email-inbox.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email-settings.js';
import { readInboundEmail, type InboundEmail } from './inbound-mail.js';
import { mailgunSignatureValid } from './mailgun-signature.js';

/** Mailgun takes messages up to 25 MB; a post beyond this is refused before it is read. */
const MOST_POSTED_BYTES = 30 * 1024 * 1024;
/** The headers of a message too large to read: enough to know who sent it and whether it is automatic. */
const MOST_HEADER_BYTES = 64 * 1024;

/**
 * Mailgun's inbound route for raw MIME: a route whose action forwards to a URL ending in `mime` posts the whole
 * message as `body-mime`, signed with `timestamp`, `token` and `signature`. The signature is checked before anything
 * is read or stored; the email is then stored and Mailgun answered at once (it tries again, for hours, on anything
 * but a 200 or a 406), and handled afterwards by the inbox.
 */
@ApiExcludeController()
@Controller('webhooks/email')
export class MailgunWebhookController {
  private readonly logger = new Logger('MailgunWebhook');

  constructor(
    private readonly inbox: EmailInbox,
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('mailgun/mime')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor({ limits: { fieldSize: MOST_POSTED_BYTES, fields: 100 } }))
  async mime(@Body() body: Record<string, unknown> | undefined): Promise<{ received: true }> {
    const { settings } = this;
    if (!settings.enabled || !settings.inboundSigningKey) {
      throw new DomainError('not_found', 'email_inbound_not_configured', 'Inbound email is not set up on this server.');
    }
    const fields = body ?? {};
    const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined);
    if (!mailgunSignatureValid({ timestamp: text('timestamp'), token: text('token'), signature: text('signature') }, settings.inboundSigningKey, this.clock.now())) {
      throw new DomainError('forbidden', 'mailgun_signature_invalid', 'The request does not carry a valid Mailgun signature.');
    }
    const raw = text('body-mime');
    if (raw === undefined || raw === '') {
      throw new DomainError('invalid', 'email_mime_missing', 'The post has no body-mime field: the route must forward to a URL ending in mime.');
    }
    const bytes = Buffer.byteLength(raw, 'utf8');
    const fallbackId = `<sha256.${createHash('sha256').update(raw).digest('hex')}@redress.invalid>`;
    const tooLarge = bytes > settings.maxMessageBytes;
    const email = await readInboundEmail(tooLarge ? headersOf(raw) : raw, fallbackId, text('sender'));
    const received = toStored(email, tooLarge ? bytes : undefined, text('recipient'));
    const { duplicate } = await this.inbox.receive(received, this.clock.now().toISOString());
    this.logger.log(
      { kind: received.kind, from: received.fromAddress ? maskEmail(received.fromAddress) : undefined, bytes, duplicate },
      duplicate ? 'Email received again (a retry); ignored' : 'Email received',
    );
    return { received: true };
  }
}

function headersOf(raw: string): string {
  const head = raw.slice(0, MOST_HEADER_BYTES);
  const end = /\r?\n\r?\n/.exec(head);
  return `${end ? head.slice(0, end.index) : head}\r\n\r\n`;
}

function toStored(email: InboundEmail, oversize: number | undefined, recipient: string | undefined): StoredEmail {
  const base = { messageId: email.messageId };
  switch (email.kind) {
    case 'bounce':
      return { ...base, kind: 'bounce', fromAddress: '', subject: '', body: '', details: { originalMessageId: email.originalMessageId, failed: email.failed, diagnostic: email.diagnostic } };
    case 'automatic':
      return { ...base, kind: 'automatic', fromAddress: email.from ?? '', subject: '', body: '', details: { why: email.why } };
    case 'anonymous':
      return { ...base, kind: 'anonymous', fromAddress: '', subject: '', body: '', details: {} };
    case 'message': {
      const recipients = [...email.recipients, ...(recipient ? [recipient.toLowerCase()] : [])];
      if (oversize !== undefined) {
        return { ...base, kind: 'too_large', fromAddress: email.from, subject: email.subject, body: '', details: { size: oversize, recipients } };
      }
      return {
        ...base,
        kind: 'message',
        fromAddress: email.from,
        subject: email.subject,
        body: email.text,
        details: {
          answers: email.answers,
          recipients,
          attachments: email.attachments,
          authenticated: email.authentication.authenticated,
          authentication: email.authentication.why,
        },
      };
    }
  }
}
