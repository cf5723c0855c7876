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
  /** As Twilio has it: a Content template's body is filled in from its variables. */
  body: string;
  /** A Content template sent (WhatsApp quick replies, approved templates), and its variables. */
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  statusCallback: string | null;
  dateCreated: Date;
  /** Whether the sender heard Twilio's answer: false while it is on its way, and for good when it was lost. */
  answered: boolean;
}

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

/** A Content template created through the fake's Content API (`POST /v1/Content`), as it was posted. */
export interface CreatedContent {
  sid: string;
  friendly_name: string;
  language: string;
  variables: Record<string, string>;
  types: Record<string, { body?: string; actions?: { title: string; id?: string }[] }>;
}

export function twilioSid(prefix: 'SM' | 'MM' | 'ME' | 'AC' | 'MG' | 'HX'): string {
  return prefix + randomBytes(16).toString('hex');
}

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;
const MEDIA = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\/((?:MM|SM)[0-9a-f]{32})\/Media\/(ME[0-9a-f]{32})$/;

/** A media item of an incoming message that the fake serves. */
interface ServedMedia {
  bytes: Buffer;
  contentType: string;
  /** Times its URL is answered 503 before it is served. */
  failuresLeft: number;
}

/** One request for media: where it went, and whether it carried credentials. */
export interface MediaRequest {
  where: 'api' | 'storage';
  path: string;
  authorization: string | null;
}

/**
 * A stand-in for Twilio's REST API on 127.0.0.1, with HTTP Basic auth (account SID and auth token):
 * - `POST /2010-04-01/Accounts/{sid}/Messages.json` sends a message, answered as Twilio answers, or with a failure the
 *   test asked for, or not at all (the connection drops after the message was taken, as when an answer is lost);
 * - `GET` of the same resource lists the messages, most recent first, filtered by `To`, `From` and `DateSent`
 *   (`DateSent`, `DateSent<`, `DateSent>`: a UTC day, or an instant as the official client sends), `PageSize` at a time
 *   with `next_page_uri` to the next page.
 *
 * The fake sends at once, so `date_sent` is `date_created`.
 */
export class FakeTwilio {
  readonly sent: SentSms[] = [];
  /** Content templates created through the Content API, in order. */
  readonly contents: CreatedContent[] = [];
  /** Every list request, its query string as received. */
  readonly lists: URLSearchParams[] = [];
  private readonly failures: TwilioFailure[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private answersToLose = 0;
  private readonly holds: Promise<void>[] = [];
  private server?: Server;
  private storage?: Server;
  url = '';
  /** The media storage Twilio redirects media URLs to: another origin, as Twilio's is. */
  storageUrl = '';
  private readonly media = new Map<string, ServedMedia>();
  /** Every request for media, on the API and on the media storage, in order. */
  readonly mediaRequests: MediaRequest[] = [];

  constructor(
    readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally((request, response) => this.handle(request, response)));
    ({ server: this.storage, url: this.storageUrl } = await listenLocally((request, response) => this.serveStored(request, response)));
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
    await closeNow(this.storage);
  }

  /** While down, every request is refused as Twilio refuses during an outage: 503, to be tried again later. */
  down = false;

  /** How long the fake takes to answer a send, in ms, asked for each one; the message is taken when the request arrives. */
  answerDelay: () => number = () => 0;

  /** The next send is refused this way (several calls queue several failures). */
  failNext(failure: TwilioFailure): void {
    this.failures.push(failure);
  }

  /** The next `count` sends are taken, then their connections dropped before any answer. */
  loseAnswers(count: number): void {
    this.answersToLose += count;
  }

  /** The next send is taken at once and answered only when the returned function is called. */
  holdNextAnswer(): () => void {
    let release!: () => void;
    this.holds.push(new Promise<void>((resolve) => (release = resolve)));
    return release;
  }

  /** Resolves once at least `count` texts have been taken in all. */
  waitForSent(count: number): Promise<SentSms[]> {
    if (this.sent.length >= count) return Promise.resolve(this.sent.slice());
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.sent.slice()) }));
  }

  sentTo(number: string): SentSms[] {
    return this.sent.filter((sms) => sms.to === number);
  }

  /**
   * Media of an incoming message, as Twilio keeps it: the URL to put in the webhook's `MediaUrl{i}`, which answers
   * with a redirect to the media storage once the account's credentials are shown. `failures` 503s come first.
   */
  addMedia(messageSid: string, bytes: Buffer, contentType: string, failures = 0): string {
    const mediaSid = twilioSid('ME');
    this.media.set(mediaSid, { bytes, contentType, failuresLeft: failures });
    return `${this.url}/2010-04-01/Accounts/${this.accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
  }

  private serveStored(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    this.mediaRequests.push({ where: 'storage', path, authorization: request.headers.authorization ?? null });
    const item = this.media.get(path.split('/').at(-1) ?? '');
    if (!item) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': item.contentType, 'content-length': String(item.bytes.length) });
    response.end(item.bytes);
  }

  /** A media URL: 401 without the account's credentials, else a redirect to the storage (Twilio's is S3). */
  private serveMedia(request: IncomingMessage, response: ServerResponse, match: RegExpExecArray): void {
    const authorization = request.headers.authorization ?? null;
    this.mediaRequests.push({ where: 'api', path: match[0], authorization });
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (authorization !== expected || match[1] !== this.accountSid) {
      return void this.answer(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const item = this.media.get(match[3]);
    if (!item) return void this.answer(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (item.failuresLeft > 0) {
      item.failuresLeft--;
      return this.fail(response, { status: 503, code: 20503, message: 'Service unavailable' });
    }
    response.writeHead(307, { location: `${this.storageUrl}/media.twiliocdn.com/${this.accountSid}/${match[3]}` });
    response.end();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const media = MEDIA.exec(url.pathname);
      if (media && request.method === 'GET') return this.serveMedia(request, response, media);
      if (url.pathname === '/v1/Content' && request.method === 'POST') return this.createContent(raw, request, response);
      const match = MESSAGES.exec(url.pathname);
      if (!match || (request.method !== 'POST' && request.method !== 'GET')) {
        return this.answer(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      }
      const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
      if (request.headers.authorization !== expected || match[1] !== this.accountSid) {
        return this.answer(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      if (this.down) return this.fail(response, { status: 503, code: 20503, message: 'Service unavailable' });
      if (request.method === 'GET') return this.list(url, response);
      const failure = this.failures.shift();
      if (failure) return this.fail(response, failure);
      this.create(new URLSearchParams(raw), request, response);
    });
  }

  /** The Content API's create, as Twilio answers it; the template's body keeps its placeholders. */
  private createContent(raw: string, request: IncomingMessage, response: ServerResponse): void {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return void this.answer(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    if (this.down) return this.fail(response, { status: 503, code: 20503, message: 'Service unavailable' });
    const posted = JSON.parse(raw) as Omit<CreatedContent, 'sid'>;
    const content: CreatedContent = { ...posted, sid: twilioSid('HX') };
    this.contents.push(content);
    this.answer(response, 201, { ...content, account_sid: this.accountSid, date_created: new Date().toISOString(), url: `https://content.twilio.com/v1/Content/${content.sid}` });
  }

  /** A Content template's body with its variables filled in, as WhatsApp shows it; '' for one the fake did not create. */
  private contentBody(contentSid: string, variables: Record<string, string>): string {
    const content = this.contents.find((created) => created.sid === contentSid);
    const body = content ? Object.values(content.types)[0]?.body ?? '' : '';
    return body.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => variables[name] ?? '');
  }

  private create(form: URLSearchParams, request: IncomingMessage, response: ServerResponse): void {
    const contentSid = form.get('ContentSid');
    const contentVariables = contentSid ? (JSON.parse(form.get('ContentVariables') ?? '{}') as Record<string, string>) : null;
    const sms: SentSms = {
      sid: twilioSid('SM'),
      accountSid: this.accountSid,
      to: form.get('To') ?? '',
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body: contentSid ? this.contentBody(contentSid, contentVariables ?? {}) : (form.get('Body') ?? ''),
      contentSid,
      contentVariables,
      statusCallback: form.get('StatusCallback'),
      dateCreated: new Date(),
      answered: false,
    };
    this.sent.push(sms);
    for (const waiter of this.waiters.filter((w) => this.sent.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (this.answersToLose > 0) {
      this.answersToLose--;
      request.socket.destroy();
      return;
    }
    const reply = () => (sms.answered = this.answer(response, 201, this.resource(sms)));
    const hold = this.holds.shift();
    if (hold) return void hold.then(reply);
    const delay = this.answerDelay();
    if (delay > 0) setTimeout(reply, delay);
    else reply();
  }

  private list(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    this.lists.push(query);
    const to = query.get('To');
    const from = query.get('From');
    const on = dayOrInstant(query.get('DateSent'));
    const before = dayOrInstant(query.get('DateSent<'));
    const after = dayOrInstant(query.get('DateSent>'));
    const matching = this.sent
      .filter((sms) => (to === null || sms.to === to) && (from === null || sms.from === from))
      .filter((sms) => {
        const sent = sms.dateCreated.getTime();
        if (on && !(sent >= on.from && sent < on.to)) return false;
        if (before && !(sent < before.to)) return false;
        if (after && !(sent >= after.from)) return false;
        return true;
      })
      .reverse();
    const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? 50)));
    const page = Math.max(0, Number(query.get('Page') ?? 0));
    const start = page * pageSize;
    const messages = matching.slice(start, start + pageSize);
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    const pageUri = (n: number) => {
      const params = new URLSearchParams(query);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(n));
      return `${path}?${params}`;
    };
    this.answer(response, 200, {
      messages: messages.map((sms) => this.resource(sms)),
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      page,
      page_size: pageSize,
      start,
      end: start + messages.length - 1,
    });
  }

  private resource(sms: SentSms): Record<string, unknown> {
    const date = sms.dateCreated.toUTCString();
    return {
      sid: sms.sid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: sms.body,
      date_created: date,
      date_updated: date,
      date_sent: date,
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
    };
  }

  private fail(response: ServerResponse, failure: TwilioFailure): void {
    this.answer(response, failure.status, {
      code: failure.code,
      message: failure.message,
      more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
      status: failure.status,
    });
  }

  /** False when the caller is gone (its connection closed) and will never read the answer. */
  private answer(response: ServerResponse, status: number, body: unknown): boolean {
    if (response.destroyed || response.socket?.destroyed !== false) return false;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
    return true;
  }
}

/** A `DateSent` value: `YYYY-MM-DD` is that whole UTC day; an ISO instant (what the official client sends) is itself. */
function dayOrInstant(value: string | null): { from: number; to: number } | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    return { from, to: from + 86_400_000 };
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : { from: at, to: at + 1 };
}
