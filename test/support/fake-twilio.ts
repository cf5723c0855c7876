import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeNow, listenLocally } from './local-server.js';

/** One SMS the fake took, as Twilio's Messages resource saw it. */
export interface SentSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

export function twilioSid(prefix: 'SM' | 'AC' | 'MG'): string {
  return prefix + randomBytes(16).toString('hex');
}

/**
 * A stand-in for Twilio's REST API on 127.0.0.1: `POST /2010-04-01/Accounts/{sid}/Messages.json` with HTTP Basic
 * auth (account SID and auth token), answered as Twilio answers, or with a failure the test asked for.
 */
export class FakeTwilio {
  readonly sent: SentSms[] = [];
  private readonly failures: TwilioFailure[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private server?: Server;
  url = '';

  constructor(
    readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally((request, response) => this.handle(request, response)));
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  /** While down, every send is refused as Twilio refuses during an outage: 503, to be tried again later. */
  down = false;

  /** The next send is refused this way (several calls queue several failures). */
  failNext(failure: TwilioFailure): void {
    this.failures.push(failure);
  }

  /** Resolves once at least `count` texts have been taken in all. */
  waitForSent(count: number): Promise<SentSms[]> {
    if (this.sent.length >= count) return Promise.resolve(this.sent.slice());
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.sent.slice()) }));
  }

  sentTo(number: string): SentSms[] {
    return this.sent.filter((sms) => sms.to === number);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(path);
      if (request.method !== 'POST' || !match) return this.answer(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
      if (request.headers.authorization !== expected || match[1] !== this.accountSid) {
        return this.answer(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const form = new URLSearchParams(raw);
      const failure = this.down ? { status: 503, code: 20503, message: 'Service unavailable' } : this.failures.shift();
      if (failure) {
        return this.answer(response, failure.status, {
          code: failure.code,
          message: failure.message,
          more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
          status: failure.status,
        });
      }
      const sms: SentSms = {
        sid: twilioSid('SM'),
        accountSid: this.accountSid,
        to: form.get('To') ?? '',
        from: form.get('From'),
        messagingServiceSid: form.get('MessagingServiceSid'),
        body: form.get('Body') ?? '',
        statusCallback: form.get('StatusCallback'),
      };
      this.sent.push(sms);
      const now = new Date().toUTCString();
      this.answer(response, 201, {
        sid: sms.sid,
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        body: sms.body,
        date_created: now,
        date_updated: now,
        date_sent: null,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: sms.from,
        messaging_service_sid: sms.messagingServiceSid,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        status: sms.messagingServiceSid ? 'accepted' : 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sms.sid}/Media.json` },
        to: sms.to,
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sms.sid}.json`,
      });
      for (const waiter of this.waiters.filter((w) => this.sent.length >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  private answer(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}
