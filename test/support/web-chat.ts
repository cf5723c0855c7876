import { randomUUID } from 'node:crypto';

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
}

/** A Direct Line v3 client over HTTP polling, as Web Chat uses it, that keeps the transcript it has seen. */
export class DirectLineClient {
  readonly seen: DirectLineActivity[] = [];
  private watermark = '';

  constructor(
    private readonly baseUrl: string,
    readonly conversationId: string,
    public token: string,
  ) {}

  static async start(baseUrl: string, locale = 'en-GB'): Promise<DirectLineClient> {
    const answer = await directLine(baseUrl, 'POST', '/conversations', { body: { locale } });
    if (answer.status !== 201) throw new Error(`could not start a conversation: ${answer.status} ${JSON.stringify(answer.body)}`);
    return new DirectLineClient(baseUrl, answer.body.conversationId, answer.body.token);
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
  const response = await fetch(`${baseUrl}/v3/directline${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
