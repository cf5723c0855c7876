import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { fetchAgainOnStaleConnection } from './http.js';

export interface DirectLineActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
  replyToId?: string;
  channelData?: Record<string, unknown>;
  suggestedActions?: { actions: { title: string; value: unknown }[] };
  [field: string]: unknown;
}

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** A Direct Line v3 client over HTTP polling, as Web Chat uses it, that keeps the transcript it has seen. */
export class DirectLineClient {
  readonly seen: DirectLineActivity[] = [];
  /** The stream URL the server answered the start with. */
  streamUrl?: string;
  private watermark = '';

  constructor(
    private readonly baseUrl: string,
    readonly conversationId: string,
    public token: string,
  ) {}

  static async start(baseUrl: string, locale = 'en-GB'): Promise<DirectLineClient> {
    const answer = await directLine(baseUrl, 'POST', '/conversations', { body: { locale } });
    if (answer.status !== 201) throw new Error(`could not start a conversation: ${answer.status} ${JSON.stringify(answer.body)}`);
    const client = new DirectLineClient(baseUrl, answer.body.conversationId, answer.body.token);
    client.streamUrl = answer.body.streamUrl;
    return client;
  }

  /** Asks for the conversation as DirectLineJS does to (re)connect its stream, and opens the stream it is given. */
  async connect(watermark = ''): Promise<DirectLineStream> {
    const answer = await this.call('GET', `/conversations/${this.conversationId}?watermark=${watermark}`);
    if (answer.status !== 200) throw new Error(`reconnect refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return DirectLineStream.open(answer.body.streamUrl);
  }

  call(method: string, path: string, body?: unknown, token = this.token): Promise<HttpAnswer> {
    return directLine(this.baseUrl, method, path, { body, token });
  }

  /** Posts a message as Web Chat does, with a client activity id; answers the server's id for it. */
  async say(text: string, clientActivityID: string = randomUUID()): Promise<string> {
    const answer = await this.post({ type: 'message', text, locale: 'en-GB', channelData: { clientActivityID } });
    if (answer.status !== 200) throw new Error(`post refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  }

  post(activity: unknown): Promise<HttpAnswer> {
    return this.call('POST', `/conversations/${this.conversationId}/activities`, activity);
  }

  /**
   * Sends a message with files as DirectLineJS does for Web Chat's attach button: multipart/form-data to
   * `/upload?userId=`, a `file` part for each file and the activity, without its attachments, as an
   * `application/vnd.microsoft.activity` part.
   */
  upload(text: string, files: { name: string; type: string; bytes: Buffer }[], clientActivityID: string = randomUUID(), token = this.token): Promise<HttpAnswer> {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const activity = { type: 'message', text, locale: 'en-GB', from: { id: 'user' }, channelData: { clientActivityID } };
    form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    return uploadForm(this.baseUrl, `/conversations/${this.conversationId}/upload?userId=user`, form, token);
  }

  /** One poll from the last watermark; what it returns is added to `seen`. */
  async poll(): Promise<DirectLineActivity[]> {
    const answer = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    if (answer.status !== 200) throw new Error(`poll refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.watermark = answer.body.watermark;
    this.seen.push(...answer.body.activities);
    return answer.body.activities;
  }

  /** Polls until the bot has said something matching `text` after the activity `after` (or at any time). */
  async waitForBot(text: RegExp, after?: string): Promise<DirectLineActivity> {
    for (let attempt = 0; attempt < 400; attempt++) {
      const start = after ? this.seen.findIndex((a) => a.id === after) + 1 : 0;
      const found = this.seen.slice(start).find((a) => a.from.role === 'bot' && text.test(a.text ?? ''));
      if (found) return found;
      if ((await this.poll()).length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the bot never said ${text}; it said:\n${this.botTexts().join('\n---\n')}`);
  }

  /** Says `text` and waits for the bot's answer matching `expected`. */
  async answer(text: string, expected: RegExp): Promise<DirectLineActivity> {
    const id = await this.say(text);
    return this.waitForBot(expected, id);
  }

  botTexts(): string[] {
    return this.seen.filter((a) => a.from.role === 'bot').map((a) => a.text ?? `[${a.type}]`);
  }
}

export async function directLine(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetchAgainOnStaleConnection(`${baseUrl}/v3/directline${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function uploadForm(baseUrl: string, path: string, form: FormData, token: string): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}/v3/directline${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** What a Direct Line stream sends: a poll's answer, one frame at a time. */
export interface StreamFrame {
  activities: DirectLineActivity[];
  watermark: string;
}

/** An upgrade the server answered with plain HTTP instead of a stream. */
export interface StreamRefusal {
  status: number;
  body: any;
}

/**
 * A Direct Line 3.0 WebSocket stream as DirectLineJS opens it from a streamUrl, keeping every frame it receives.
 * The server's closing (code and reason) is kept too; `close()` ends it from this side.
 */
export class DirectLineStream {
  readonly frames: StreamFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      // empty frames only keep the connection alive, as DirectLineJS takes them
      if (text) this.frames.push(JSON.parse(text) as StreamFrame);
      for (const listener of this.listeners) listener();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of this.listeners) listener();
      });
    });
  }

  /** Opens the stream at `url`; the server's refusal is thrown as a StreamRefusal. */
  static open(url: string): Promise<DirectLineStream> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new DirectLineStream(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          socket.terminate();
          reject({ status: response.statusCode ?? 0, body: body ? JSON.parse(body) : undefined } satisfies StreamRefusal);
        });
      });
      socket.once('error', reject);
    });
  }

  /** How the server answers an upgrade to `url` that it should refuse; fails if a stream opens after all. */
  static async refusal(url: string): Promise<StreamRefusal> {
    try {
      const stream = await DirectLineStream.open(url);
      await stream.close();
    } catch (refusal) {
      if ((refusal as StreamRefusal).status) return refusal as StreamRefusal;
      throw refusal;
    }
    throw new Error(`the server opened a stream at ${url}`);
  }

  /** Every activity received, in the order the frames brought them. */
  get activities(): DirectLineActivity[] {
    return this.frames.flatMap((frame) => frame.activities);
  }

  get watermark(): string | undefined {
    return this.frames.at(-1)?.watermark;
  }

  /** Sends an empty frame, as DirectLineJS does to keep the connection alive. */
  ping(): void {
    this.socket.send('');
  }

  /** Waits until the bot has said something matching `text` after the activity `after` (or at any time). */
  waitForBot(text: RegExp, after?: string): Promise<DirectLineActivity> {
    return this.waitFor(`the bot to say ${text}`, (activities) => {
      const start = after ? activities.findIndex((a) => a.id === after) + 1 : 0;
      return activities.slice(start).find((a) => a.from.role === 'bot' && text.test(a.text ?? ''));
    });
  }

  /**
   * Waits for a frame that makes `find` return something. The bound only ends a test that would never pass; nothing
   * is asserted about how long it takes.
   */
  waitFor<T>(what: string, find: (activities: DirectLineActivity[]) => T | undefined, bound = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        const found = find(this.activities);
        if (found !== undefined) finish(() => resolve(found));
        else if (this.socket.readyState === WebSocket.CLOSED) finish(() => reject(this.failure(what, 'the stream closed')));
      };
      const timer = setTimeout(() => finish(() => reject(this.failure(what, 'nothing came'))), bound);
      const finish = (then: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(settle);
        then();
      };
      this.listeners.add(settle);
      settle();
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }

  private failure(what: string, why: string): Error {
    const said = this.activities.map((a) => `${a.from.role}: ${a.text ?? `[${a.type}]`}`).join('\n');
    return new Error(`waited for ${what}, but ${why}; the stream brought:\n${said}`);
  }
}
