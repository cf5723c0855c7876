import { randomBytes } from 'node:crypto';
import { mailgunSignature } from '../../adapters/email/mailgun-signature.js';

export const INBOUND_SIGNING_KEY = 'mailgun-webhook-signing-key-for-tests';

/**
 * Posts a raw MIME message to Redress as a Mailgun route forwarding to a URL ending in `mime` does: multipart form
 * fields `body-mime`, `recipient`, `sender`, and the signature fields over a timestamp and a fresh 50-character token.
 */
export async function postToMailgunRoute(
  baseUrl: string,
  raw: string,
  options: { recipient?: string; signingKey?: string; timestamp?: Date } = {},
): Promise<{ status: number; body: any }> {
  const timestamp = String(Math.floor((options.timestamp ?? new Date()).getTime() / 1000));
  const token = randomBytes(25).toString('hex');
  const form = new FormData();
  form.append('recipient', options.recipient ?? 'complaints@redress.example');
  form.append('sender', 'bounces@example.org');
  form.append('timestamp', timestamp);
  form.append('token', token);
  form.append('signature', mailgunSignature(options.signingKey ?? INBOUND_SIGNING_KEY, timestamp, token));
  form.append('body-mime', raw);
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
