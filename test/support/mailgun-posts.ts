import { randomBytes } from 'node:crypto';
import { mailgunSignature } from '../../adapters/email/mailgun-signature.js';

export const INBOUND_SIGNING_KEY = 'mailgun-webhook-signing-key-for-tests';

/** Mailgun's sender checks, as it adds them to the top of a message it forwards; absent ones are not added. */
export interface MailgunVerdicts {
  spf?: 'Pass' | 'Neutral' | 'Fail' | 'SoftFail';
  dkim?: 'Pass' | 'Fail';
}

/**
 * Posts a raw MIME message to Redress as a Mailgun route forwarding to a URL ending in `mime` does: multipart form
 * fields `body-mime`, `recipient`, `sender`, and the signature fields over a timestamp and a fresh 50-character token.
 * As Mailgun does, it puts its SPF and DKIM verdicts on top of the message: by default an SPF pass for an envelope
 * sender that is the From address, as for an ordinary customer's email.
 */
export async function postToMailgunRoute(
  baseUrl: string,
  raw: string,
  options: { recipient?: string; signingKey?: string; timestamp?: Date; verdicts?: MailgunVerdicts; sender?: string } = {},
): Promise<{ status: number; body: any }> {
  const timestamp = String(Math.floor((options.timestamp ?? new Date()).getTime() / 1000));
  const token = randomBytes(25).toString('hex');
  const form = new FormData();
  form.append('recipient', options.recipient ?? 'complaints@redress.example');
  const from = /^From:.*?<?([^\s<>]+@[^\s<>]+?)>?\s*$/im.exec(raw)?.[1];
  form.append('sender', options.sender ?? from ?? 'bounces@example.org');
  form.append('timestamp', timestamp);
  form.append('token', token);
  form.append('signature', mailgunSignature(options.signingKey ?? INBOUND_SIGNING_KEY, timestamp, token));
  const verdicts = options.verdicts ?? { spf: 'Pass' };
  const added = [verdicts.spf ? `X-Mailgun-Spf: ${verdicts.spf}\r\n` : '', verdicts.dkim ? `X-Mailgun-Dkim-Check-Result: ${verdicts.dkim}\r\n` : ''].join('');
  form.append('body-mime', raw === '' ? raw : `${added}${raw}`);
  const response = await fetch(`${baseUrl}/webhooks/email/mailgun/mime`, { method: 'POST', body: form });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
