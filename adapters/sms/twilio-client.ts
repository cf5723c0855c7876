import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { DeliveryError } from '../../src/notifications/channel-notifier.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import { twilioErrorReason } from './twilio-error-reasons.js';

/**
 * The official client's HTTP layer with every request sent to another base URL (a local fake in tests, a proxy).
 * The SDK's own `region` and `edge` options only choose among Twilio's hosts.
 */
export class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rebase(opts.uri, this.baseUrl) });
  }
}

/** `https://api.twilio.com/2010-04-01/…?x` on `http://127.0.0.1:4010/twilio` is `http://127.0.0.1:4010/twilio/2010-04-01/…?x`. */
export function rebase(uri: string, baseUrl: string): string {
  const target = new URL(baseUrl);
  const original = new URL(uri);
  return `${target.origin}${target.pathname.replace(/\/+$/, '')}${original.pathname}${original.search}`;
}

export type TwilioClient = ReturnType<typeof twilio>;

/** How long a request to Twilio may take, at most 20 s. */
export function twilioRequestTimeout(timeoutMs: number): number {
  return Math.min(timeoutMs, 20_000);
}

/**
 * Requests give up after `timeoutMs` (at most 20 s): well inside the outbox lease, so a hung request is dropped and
 * retried rather than left running while another pass sends the same text.
 */
export function createTwilioClient(accountSid: string, authToken: string, timeoutMs: number, apiUrl?: string): TwilioClient {
  const options = { timeout: twilioRequestTimeout(timeoutMs), keepAlive: true };
  const httpClient = apiUrl ? new RebasedRequestClient(apiUrl, options) : new twilio.RequestClient(options);
  return twilio(accountSid, authToken, { httpClient });
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
