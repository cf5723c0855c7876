import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { TwilioHttpClient } from './twilio-http-client.js';
import { DeliveryError } from '../../src/notifications/channel-notifier.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import { twilioErrorReason } from './twilio-error-reasons.js';

export type TwilioClient = ReturnType<typeof twilio>;

/** How long a request to Twilio may take, at most 20 s. */
export function twilioRequestTimeout(timeoutMs: number): number {
  return Math.min(timeoutMs, 20_000);
}

/**
 * Requests give up after `timeoutMs` (at most 20 s): well inside the outbox lease, so a hung request is dropped and
 * retried rather than left running while another pass sends the same text. The SDK's resources and errors are used as
 * they are; only its HTTP layer is ours (see TwilioHttpClient).
 */
export function createTwilioClient(accountSid: string, authToken: string, timeoutMs: number, apiUrl?: string): TwilioClient {
  const httpClient = new TwilioHttpClient({ timeoutMs: twilioRequestTimeout(timeoutMs), baseUrl: apiUrl });
  // the SDK calls nothing of its http client but `request` (see TwilioHttpClient)
  return twilio(accountSid, authToken, { httpClient: httpClient as unknown as RequestClient });
}

/**
 * Whether trying again can help: Twilio's 4xx answers (21211 not a valid number, 21610 the number sent STOP to
 * Twilio, 21614 not a mobile, …) will not change, except 429 (slow down) and 401 (credentials being rotated); 5xx
 * answers and network failures are passing. The message masks any phone number Twilio quoted back.
 */
export function deliveryErrorFrom(error: unknown): DeliveryError {
  if (error instanceof twilio.RestException) {
    const { status, code } = error;
    const permanent = status >= 400 && status < 500 && status !== 429 && status !== 401;
    return new DeliveryError(`${twilioErrorReason(code ?? status)}: ${maskContactsInText(error.message ?? '')}`.trim(), permanent);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`Twilio could not be reached: ${maskContactsInText(reason)}`, false);
}
