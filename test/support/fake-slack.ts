import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeNow, listenLocally } from './local-server.js';

export interface SlackCall {
  /** A Web API method (`chat.update`), or `response_url` for what a listener sent to a response URL. */
  method: string;
  /** The arguments, with the JSON-encoded ones (`blocks`, `view`) decoded. */
  args: Record<string, any>;
  token?: string;
  /** The `ts` Slack gave a message it posted. */
  ts?: string;
  /** Who called, when the caller was given its own address (`apiUrlFor`). */
  caller?: string;
}

/** A file uploaded through files.getUploadURLExternal and, once completed, shared in a channel or thread. */
export interface FakeSlackFile {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  title?: string;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
  /** The ts of the message that shared it. */
  ts?: string;
}

export const FAKE_BOT = { userId: 'U0REDRESSBOT', botId: 'B0REDRESSBOT', teamId: 'T0REDRESS' };

/**
 * Slack's Web API on 127.0.0.1, as far as Redress uses it: it records every call and answers as Slack does, with a
 * fresh `ts` for each message. `refuseNext` makes the next call of a method fail the way Slack refuses one.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** How long the fake takes to answer a call of `method`, in ms; the call is done when the request arrives. */
  answerDelay: (method: string, args: Record<string, any>, caller?: string) => number = () => 0;
  /** Told of each call answered after a delay (`answerDelay`), as it arrives: done, and its sender not yet told. */
  onCall: (call: SlackCall) => void = () => undefined;
  private readonly unanswered = new Set<SlackCall>();
  /** Files by id, from the upload URL Slack gave to their sharing. */
  readonly files = new Map<string, FakeSlackFile>();
  private readonly refusals = new Map<string, string[]>();
  private readonly lostAnswers = new Set<string>();
  /** The ts of messages deleted (chat.delete): gone from the channel's history and threads. */
  private readonly deleted = new Set<string>();
  private server?: Server;
  private port = 0;
  private seq = 0;

  /** The base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A base URL for SLACK_API_URL whose calls are recorded as this caller's: one instance among several. */
  apiUrlFor(caller: string): string {
    return `http://127.0.0.1:${this.port}/as/${encodeURIComponent(caller)}/api/`;
  }

  /** A response_url for a slash command or an action; what is posted to it is recorded as `response_url`. */
  responseUrl(id = 'R1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    ({ server: this.server, port: this.port } = await listenLocally((request, response) => {
      read(request).then(
        (raw) => (request.url?.startsWith('/upload/') ? this.receiveUpload(request, raw, response) : this.answer(request, raw.toString('utf8'), response)),
        () => response.destroy(),
      );
    }));
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  /**
   * The next call of `method` does what it asks (a message is posted), but its answer is lost on the way back, as when
   * the network drops or Redress stops just after sending: the caller sees a failure.
   */
  loseNextAnswer(method: string): void {
    this.lostAnswers.add(method);
  }

  refuseNext(method: string, error: string): void {
    this.refusals.set(method, [...(this.refusals.get(method) ?? []), error]);
  }

  /** The calls of one method, oldest first. */
  of(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** The file shared in a thread, by its title, if one was. */
  sharedFile(title: string): FakeSlackFile | undefined {
    return [...this.files.values()].find((file) => file.title === title && file.ts);
  }

  /** The upload URL's answer: Slack takes the bytes (raw or as a form) and answers in plain text. */
  private receiveUpload(request: IncomingMessage, bytes: Buffer, response: ServerResponse): void {
    const file = this.files.get(decodeURIComponent((request.url ?? '').slice('/upload/'.length)));
    if (!file || request.method !== 'POST') return void response.writeHead(404).end();
    if (bytes.length !== file.length) return void response.writeHead(400).end('length does not match');
    file.bytes = bytes;
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  private answer(request: IncomingMessage, raw: string, response: ServerResponse): void {
    const path = request.url ?? '';
    if (path.startsWith('/response/')) {
      const args = JSON.parse(raw);
      this.calls.push({ method: 'response_url', args });
      const refusal = overSlackLimits('response_url', args);
      return send(response, refusal ? { ok: false, error: refusal } : { ok: true });
    }
    const as = /^\/as\/([^/]+)\/api\//.exec(path);
    const method = as ? path.slice(as[0].length) : path.replace(/^\/api\//, '');
    const args = decode(raw, request.headers['content-type'] ?? '');
    const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
    const call: SlackCall = { method, args, token, ...(as ? { caller: decodeURIComponent(as[1]) } : {}) };
    this.calls.push(call);
    const refusal = this.refusals.get(method)?.shift() ?? overSlackLimits(method, args);
    if (refusal) return send(response, { ok: false, error: refusal });
    const result = this.result(method, args);
    if (method === 'chat.postMessage') call.ts = String(result.ts);
    if (this.lostAnswers.delete(method)) return void response.destroy();
    const delay = this.answerDelay(method, args, call.caller);
    if (delay <= 0) return send(response, result);
    this.unanswered.add(call);
    this.onCall(call);
    setTimeout(() => {
      this.unanswered.delete(call);
      send(response, result);
    }, delay);
  }

  /** The calls done but not yet answered (see `answerDelay`): their sender does not know yet that they were. */
  inFlight(): SlackCall[] {
    return [...this.unanswered];
  }

  private result(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://redress.slack.com/', team: 'Redress', user: 'redress', team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, bot_id: FAKE_BOT.botId, ts, thread_ts: args.thread_ts } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete': {
        if (!this.posted(String(args.channel)).some((c) => c.ts === args.ts)) return { ok: false, error: 'message_not_found' };
        this.deleted.add(String(args.ts));
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'conversations.history':
        return this.history(args);
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, '')}` } };
      case 'conversations.replies': {
        // the thread's parent and its replies, oldest first, as Slack keeps them (with their metadata when asked)
        const messages: Record<string, unknown>[] = this.posted(String(args.channel))
          .filter((c) => c.ts === args.ts || c.args.thread_ts === args.ts)
          .map((c) => ({
            type: 'message',
            ts: c.ts,
            thread_ts: args.ts,
            text: c.args.text,
            bot_id: FAKE_BOT.botId,
            ...(flag(args.include_all_metadata) && c.args.metadata ? { metadata: c.args.metadata } : {}),
          }));
        // and the messages that shared files into the thread, with the files
        const shared = [...this.files.values()]
          .filter((file) => file.ts && file.channel === args.channel && file.threadTs === args.ts)
          .map((file) => ({ type: 'message', ts: file.ts, thread_ts: args.ts, text: file.initialComment ?? '', files: [{ id: file.id, title: file.title, name: file.filename }] }));
        messages.push(...shared);
        messages.sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'views.open': {
        // the view as Slack keeps it, with the id a submission of it will carry
        args.view.id = `V${++this.seq}`;
        return { ok: true, view: { ...args.view } };
      }
      case 'views.publish':
        return { ok: true, view: { ...args.view, id: `V${++this.seq}` } };
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
        const id = `F0${String(++this.seq).padStart(8, '0')}`;
        this.files.set(id, { id, filename: String(args.filename), length });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        if (listed.length === 0) return { ok: false, error: 'invalid_arguments' };
        if (args.thread_ts && !args.channel_id) return { ok: false, error: 'invalid_arguments' };
        const files = listed.map((entry) => this.files.get(entry.id));
        // a file whose bytes never reached the upload URL cannot be completed
        if (files.some((file) => !file?.bytes)) return { ok: false, error: 'file_not_found' };
        const ts = args.channel_id ? this.nextTs() : undefined;
        for (const [i, file] of files.entries()) {
          Object.assign(file as FakeSlackFile, { title: listed[i].title ?? file?.filename, channel: args.channel_id, threadTs: args.thread_ts, initialComment: args.initial_comment, ts });
        }
        return { ok: true, files: files.map((file) => ({ id: file?.id, title: file?.title })) };
      }
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: `https://redress.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}` };
      default:
        return { ok: true };
    }
  }

  /** The messages posted in a channel and still there, oldest first. */
  private posted(channel: string): SlackCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && c.ts && !this.deleted.has(c.ts) && c.args.channel === channel);
  }

  /**
   * The channel's messages, not the replies in threads, newest first, between `oldest` and `latest` (Slack ts; both
   * left out unless `inclusive`), `limit` a page (100 unless said), the next page by `cursor`; metadata only when asked.
   */
  private history(args: Record<string, any>): Record<string, unknown> {
    const inclusive = flag(args.inclusive);
    const oldest = args.oldest === undefined ? undefined : Number(args.oldest);
    const latest = args.latest === undefined ? undefined : Number(args.latest);
    const inWindow = (ts: number) =>
      (oldest === undefined || ts > oldest || (inclusive && ts === oldest)) && (latest === undefined || ts < latest || (inclusive && ts === latest));
    const messages = this.posted(String(args.channel))
      .filter((c) => !c.args.thread_ts && inWindow(Number(c.ts)))
      .reverse()
      .map((c) => ({
        type: 'message',
        ts: c.ts,
        text: c.args.text,
        bot_id: FAKE_BOT.botId,
        ...(flag(args.include_all_metadata) && c.args.metadata ? { metadata: c.args.metadata } : {}),
      }));
    const limit = Math.min(Number(args.limit) || 100, 999);
    const from = Number(args.cursor ? Buffer.from(String(args.cursor), 'base64').toString('utf8').replace(/^next:/, '') : 0);
    const page = messages.slice(from, from + limit);
    const more = from + limit < messages.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? Buffer.from(`next:${from + limit}`).toString('base64') : '' } };
  }

  /** A ts as Slack gives one: the seconds of its clock, then a count that keeps each message's apart. */
  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
  }
}

/**
 * Slack refuses a whole message or view with `invalid_blocks` when a block breaks its limits: more than 50 blocks in a
 * message (100 in a view), or a section whose text is over 3000 characters.
 */
function overSlackLimits(method: string, args: Record<string, any>): string | undefined {
  const isView = method.startsWith('views.');
  const blocks: unknown = isView ? args.view?.blocks : args.blocks;
  if (!Array.isArray(blocks)) return undefined;
  if (blocks.length > (isView ? 100 : 50)) return 'invalid_blocks';
  const tooLong = blocks.some(
    (block: Record<string, any>) =>
      block.type === 'section' &&
      ((block.text?.text?.length ?? 0) > 3000 || (block.fields ?? []).some((field: Record<string, any>) => (field.text?.length ?? 0) > 2000)),
  );
  return tooLong ? 'invalid_blocks' : undefined;
}

/** A boolean argument, which the Web API client sends in a form as `true` or `false`. */
function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function read(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The Web API client sends form fields, with objects and arrays as JSON strings. */
function decode(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function send(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
