import { DeliveryError } from '../../src/notifications/channel-notifier.js';

/** What nodemailer's SMTP transport attaches to an error. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  /** `CONN`, `EHLO`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`… */
  command?: string;
}

/**
 * Whether trying again can help, in the relay's terms. A 5xx answer to the message itself (no such mailbox, refused
 * as spam, too large) is permanent; a 4xx (greylisting, a full mailbox, a busy server) and any network failure pass.
 * A refused login is a setting to fix, not the customer's fault: it is tried again, so mail goes once it is fixed.
 */
export function deliveryErrorFrom(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const reason = describe(failure, error);
  const code = failure.responseCode;
  const permanent = code !== undefined && code >= 500 && code < 600 && failure.code !== 'EAUTH' && failure.command !== 'AUTH PLAIN' && failure.command !== 'AUTH LOGIN';
  return new DeliveryError(reason, permanent);
}

/** The server's answer without anything of ours in it: nodemailer's messages never contain the password. */
function describe(failure: SmtpFailure, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return [failure.code, failure.command, message].filter(Boolean).join(': ').slice(0, 500);
}
