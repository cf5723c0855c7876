import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import { healthy, startChild } from './child.js';
import { send } from './http-client.js';
import type { TwilioSink } from './servers/twilio-sink.js';

/**
 * Customer messages that keep a conversation cycling through real dialog turns (none is an SMS carrier keyword). Each
 * is answered with the main menu, perhaps after a greeting, so a turn ends when the menu's choices arrive.
 */
export const SCRIPT = ['menu', 'start again'];
const SMS_CHOICES = 'Reply 1 for';

export interface RedressServer {
  url: string;
  pid: number;
  env: Record<string, string>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RedressOptions {
  /** PostgreSQL instead of SQLite; every instance shares it. */
  databaseUrl?: string;
  /** How many instances to start on the one database (PostgreSQL only for more than one). */
  instances?: number;
  /** Extra Node.js flags for the servers, such as `--cpu-prof`. */
  nodeFlags?: string[];
}

/**
 * The built server (SQLite in a fresh directory by default), with SMS pointed at a local stand-in for Twilio. Several
 * instances share their secrets and their database, as behind a load balancer.
 */
export async function withRedress<T>(sink: TwilioSink, work: (servers: RedressServer[]) => Promise<T>, options: RedressOptions = {}): Promise<T> {
  const shared = {
    LOG_LEVEL: 'warn',
    // 50 conversations from one address, each sending several messages a second: far past what people do
    CHAT_STARTS_PER_MINUTE: '1000000',
    CHAT_MESSAGES_PER_MINUTE: '1000000',
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://redress.example.org',
    STAFF_API_KEY: randomBytes(24).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_PHONE_NUMBER: '+447700900123',
    TWILIO_API_URL: sink.url,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const servers: RedressServer[] = [];
    // one after the other, so that only the first runs the migrations
    for (let i = 0; i < (options.instances ?? 1); i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
      dirs.push(dataDir);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = { ...shared, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir };
      const child = await startChild(fileURLToPath(new URL('../src/main.js', import.meta.url)), env, () => healthy(url), options.nodeFlags);
      stops.push(child.stop);
      servers.push({ url, pid: child.pid, env });
    }
    return await work(servers);
  } finally {
    await Promise.all(stops.map((stop) => stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** A customer's Web Chat: posts over HTTP, hears the bot on the Direct Line WebSocket stream, as DirectLineJS does. */
export class WebChatCustomer {
  private turns = 0;
  /** Resolves the turn waiting for the reply (the menu, with its buttons) to this activity id. */
  private readonly waiting = new Map<string, () => void>();
  /** Replies that came over the stream before the post that prompted them was answered. */
  private readonly early = new Set<string>();

  private constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
    private readonly socket: WebSocket,
    private readonly user: string,
  ) {
    // a stream the server drops fails the turns waiting on it (by their timeout), not the bench
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const { activities } = JSON.parse(data.toString('utf8')) as { activities: { replyToId?: string; suggestedActions?: object }[] };
      for (const { replyToId, suggestedActions } of activities) {
        if (replyToId === undefined || suggestedActions === undefined) continue;
        const resolve = this.waiting.get(replyToId);
        if (resolve) resolve();
        else this.early.add(replyToId);
        this.waiting.delete(replyToId);
      }
    });
  }

  /** Starts a conversation on `url`, its stream on `streamFrom` (the same server unless a test spreads them). */
  static async open(url: string, user: string, streamFrom = url): Promise<WebChatCustomer> {
    const started = await send(`${url}/v3/directline/conversations`, { method: 'POST' });
    if (started.status !== 201) throw new Error(`starting a conversation answered ${started.status}`);
    const { conversationId, token, streamUrl } = JSON.parse(started.body) as { conversationId: string; token: string; streamUrl: string };
    // the stream's address is public (PUBLIC_URL), as a reverse proxy would serve it; the bench talks to the server directly
    const stream = new URL(streamUrl);
    const socket = new WebSocket(`${streamFrom.replace(/^http/, 'ws')}${stream.pathname}${stream.search}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WebChatCustomer(
      `${url}/v3/directline/conversations/${conversationId}/activities`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      socket,
      user,
    );
  }

  /** Sends the next message of the script and resolves when the menu's choices answer it. */
  async turn(): Promise<void> {
    const clientActivityID = randomUUID();
    const posted = await send(this.base, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ type: 'message', from: { id: this.user }, text: SCRIPT[this.turns++ % SCRIPT.length], channelData: { clientActivityID } }),
    });
    if (posted.status !== 200) throw new Error(`post answered ${posted.status}`);
    const { id } = JSON.parse(posted.body) as { id: string };
    if (this.early.delete(id)) return;
    await new Promise<void>((resolve) => this.waiting.set(id, resolve));
  }

  close(): void {
    this.socket.close();
  }
}

/** A phone number of the bench's customers, one per conversation. */
export const benchNumber = (customer: number) => `+4474009${String(customer).padStart(5, '0')}`;

/**
 * One SMS turn: a signed Twilio webhook from `from`, over when the reply's last text, the one with the numbered
 * choices, reaches the stand-in for Twilio's API (after the dialog, the database, the outbox and the Twilio SDK).
 */
export async function smsTurn(server: RedressServer, sink: TwilioSink, from: string): Promise<void> {
  const { env } = server;
  const webhook = `${env.PUBLIC_URL}/webhooks/twilio/sms`;
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const fields: Record<string, string> = {
    ToCountry: 'GB', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: sid,
    FromState: '', SmsStatus: 'received', FromCity: '', Body: SCRIPT[Math.floor(Math.random() * SCRIPT.length)],
    FromCountry: 'GB', To: env.TWILIO_PHONE_NUMBER, ToZip: '', NumSegments: '1', MessageSid: sid,
    AccountSid: env.TWILIO_ACCOUNT_SID, From: from, ApiVersion: '2010-04-01',
  };
  const replied = sink.nextTo(from, (body) => body.includes(SMS_CHOICES));
  const answer = await send(`${server.url}/webhooks/twilio/sms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN, webhook, fields),
    },
    body: new URLSearchParams(fields).toString(),
  });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
  await replied;
}
