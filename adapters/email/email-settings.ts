import type { AppConfig } from '../../src/config/config.schema.js';

export type EmailSettings =
  | {
      enabled: true;
      /** Holds the SMTP password: handed to nodemailer only, never logged. */
      smtpUrl: string;
      from: string;
      /** The address replies go to; each complaint's own adds `+REFERENCE` to its local part. */
      replyTo: string;
      /** Mailgun's webhook signing key; inbound email is off without it. */
      inboundSigningKey?: string;
      maxMessageBytes: number;
    }
  | { enabled: false; missing: string[] };

export const EMAIL_SETTINGS = Symbol('EMAIL_SETTINGS');

/** Email is on when there is an SMTP server to send through and an address to send from. */
export function emailSettings(config: AppConfig): EmailSettings {
  const { SMTP_URL: smtpUrl, EMAIL_FROM: from } = config;
  if (!smtpUrl || !from) {
    return { enabled: false, missing: [smtpUrl ? undefined : 'SMTP_URL', from ? undefined : 'EMAIL_FROM'].filter((name): name is string => name !== undefined) };
  }
  return {
    enabled: true,
    smtpUrl,
    from,
    replyTo: config.EMAIL_REPLY_TO ?? from,
    inboundSigningKey: config.EMAIL_INBOUND_SIGNING_KEY,
    maxMessageBytes: config.EMAIL_MAX_MESSAGE_BYTES,
  };
}

/** Someone set some email variables but not enough to turn email on: worth a warning at start. */
export function partlyConfigured(config: AppConfig): boolean {
  return Boolean(config.SMTP_URL || config.EMAIL_FROM || config.EMAIL_REPLY_TO || config.EMAIL_INBOUND_SIGNING_KEY);
}
