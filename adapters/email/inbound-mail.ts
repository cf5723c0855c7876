import EmailReplyParser from 'email-reply-parser';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { cleanText } from '../../src/common/text/clean-text.js';
import { senderAuthentication, type SenderAuthentication } from './sender-authentication.js';

/** What came in, as far as answering it goes. */
export type InboundEmail =
  | {
      kind: 'message';
      messageId: string;
      from: string;
      subject: string;
      /** The customer's new words: quoted history and signature stripped; empty when there were none. */
      text: string;
      /** Files attached, which Redress does not keep. */
      attachments: number;
      /** Every address it was sent to, where a case's plus-address may be. */
      recipients: string[];
      /** In-Reply-To, then References: one of ours leads to the case it answers. */
      answers: string[];
      /** Whether Mailgun's SPF or DKIM check shows the From address is the sender's own. */
      authentication: SenderAuthentication;
    }
  /** A delivery status notification: `failed` means the message with `originalMessageId` will never arrive. */
  | { kind: 'bounce'; messageId: string; failed: boolean; originalMessageId?: string; diagnostic: string }
  /** Sent by a program, not a person (an out-of-office, a list, a mailer daemon): never answered, or mail loops. */
  | { kind: 'automatic'; messageId: string; from?: string; why: string }
  /** No sender to answer or to match to a case. */
  | { kind: 'anonymous'; messageId: string };

/**
 * Reads a raw MIME message (mailparser, which decodes every charset and transfer encoding and turns an HTML-only body
 * into text) into what Redress needs of it. `fallbackId` names a message that has no Message-ID of its own;
 * `envelopeSender` is the address the email came from in SMTP (Mailgun's `sender`), for the SPF check.
 */
export async function readInboundEmail(raw: string | Buffer, fallbackId: string, envelopeSender?: string): Promise<InboundEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const messageId = mail.messageId ?? fallbackId;
  const bounce = await deliveryReport(mail);
  if (bounce) return { kind: 'bounce', messageId, ...bounce };
  // RFC 5321 allows 254 characters in an address: anything longer is no one we can write to
  const from = mail.from?.value[0]?.address?.toLowerCase().slice(0, 255);
  const sender = from && from.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(from) ? from : undefined;
  const automatic = automaticBecause(mail, sender);
  if (automatic) return { kind: 'automatic', messageId, from: sender, why: automatic };
  if (!sender) return { kind: 'anonymous', messageId };
  const body = cleanText(mail.text ?? '');
  return {
    kind: 'message',
    messageId,
    from: sender,
    subject: cleanText(mail.subject ?? ''),
    text: newWords(body),
    attachments: mail.attachments.length,
    recipients: [mail.to, mail.cc, mail.headers.get('delivered-to'), mail.headers.get('x-original-to')].flatMap(addresses),
    answers: [mail.inReplyTo, ...[mail.references ?? []].flat()].filter((id): id is string => typeof id === 'string' && id !== ''),
    authentication: senderAuthentication({ from: sender, envelopeSender, headerLines: mail.headerLines }),
  };
}

/**
 * Only what the customer wrote this time: their mail program quotes our message under "On … wrote:" and adds their
 * signature, both of which email-reply-parser recognises (in English and in other languages' usual forms).
 */
export function newWords(text: string): string {
  const visible = new EmailReplyParser().read(text).getVisibleText();
  return visible.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * RFC 3464: a `multipart/report; report-type=delivery-status` carries a `message/delivery-status` part (whose
 * `Action: failed` means for good, `delayed` means still trying) and the original message or its headers.
 */
async function deliveryReport(mail: ParsedMail): Promise<{ failed: boolean; originalMessageId?: string; diagnostic: string } | undefined> {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report' || type.params?.['report-type']?.toLowerCase() !== 'delivery-status') return undefined;
  const status = mail.attachments.find((part) => /^message\/(global-)?delivery-status$/i.test(part.contentType));
  // mailparser folds a delivery-status part into the text, after the human-readable notice
  const statusText = status ? status.content.toString('utf8') : (mail.text ?? '');
  const actions = [...statusText.matchAll(/^Action:\s*(\S+)/gim)].map((match) => match[1].toLowerCase());
  const diagnostic = [/^Status:\s*(.+)$/im.exec(statusText)?.[1], /^Diagnostic-Code:\s*(.+)$/im.exec(statusText)?.[1]]
    .filter(Boolean)
    .join(' ')
    .trim();
  const original = mail.attachments.find((part) => /^(message\/(global|rfc822)|text\/rfc822-headers|message\/global-headers)$/i.test(part.contentType));
  return { failed: actions.includes('failed'), originalMessageId: await originalMessageId(original), diagnostic: diagnostic || 'undeliverable' };
}

async function originalMessageId(part: Attachment | undefined): Promise<string | undefined> {
  if (!part) return undefined;
  const original = await simpleParser(part.content, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return original.messageId;
}

const AUTOMATIC_SUBJECT = /^\s*(auto(matic)?[ -]?(reply|response|answer)|autoreply|out of (the )?office|respuesta autom[aá]tica|fuera de (la )?oficina)/i;
const PROGRAM_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

/** Why this looks sent by a program (RFC 3834 and what mail programs do in practice), or undefined for a person. */
function automaticBecause(mail: ParsedMail, from: string | undefined): string | undefined {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : value === undefined ? undefined : 'present';
  };
  const submitted = header('auto-submitted');
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`;
  const precedence = header('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header('x-autoreply') || header('x-autorespond') || header('x-autoresponder')) return 'X-Autoreply';
  if (header('list-id') || header('list-unsubscribe')) return 'a mailing list';
  if (from && PROGRAM_SENDER.test(from)) return `sent from ${from.split('@')[0]}`;
  if (AUTOMATIC_SUBJECT.test(mail.subject ?? '')) return 'an automatic-reply subject';
  return undefined;
}

function addresses(value: AddressObject | AddressObject[] | unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value.replace(/^<|>$/g, '').trim().toLowerCase()];
  if (Array.isArray(value)) return value.flatMap(addresses);
  const object = value as Partial<AddressObject>;
  return (object.value ?? []).flatMap((entry) => (entry.address ? [entry.address.toLowerCase()] : []));
}
