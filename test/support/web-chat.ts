import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import { Test } from '@nestjs/testing';
import { BOT, DIALOG_STORAGE } from '../../dialogs/tokens.js';
import { APP_OPTIONS, configureApp } from '../../src/app.factory.js';
import { AppModule } from '../../src/app.module.js';
import { CLOCK } from '../../src/complaints/clock.js';
import { parseConfig, type AppConfig } from '../../src/config/config.schema.js';
import { createPostgresDatabase, type Dialect } from './databases.js';
import { ManualClock, STAFF_KEY } from './test-app.js';

/** The whole server on 127.0.0.1, on a data dir and database that outlive it: `restart()` stops it and starts anew. */
export interface DurableApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly clock: ManualClock;
  /** Stops the server, runs `whileDown` (if given) against its stopped data, and starts it again. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Another bot in place of the dialogs' (BOT), built from the dialog storage. */
export type BotFactory = (storage: Storage) => ActivityHandler;

async function boot(config: AppConfig, clock: ManualClock, port: number, bot?: BotFactory): Promise<INestApplication> {
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock);
  if (bot) builder.overrideProvider(BOT).useFactory({ factory: bot, inject: [DIALOG_STORAGE] });
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication(APP_OPTIONS);
  configureApp(app);
  await app.listen(port, '127.0.0.1');
  return app;
}

export async function startDurableApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; bot?: BotFactory; now?: string } = {},
): Promise<DurableApp> {
  const { env = {}, bot, now = '2026-03-02T10:00:00.000Z' } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-webchat-'));
  const postgres = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = parseConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    STAFF_API_KEY: STAFF_KEY,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...env,
  });
  const clock = new ManualClock(new Date(now));
  let app = await boot(config, clock, 0, bot);
  // the same port after a restart, so that a client carries on at the same address
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    get app() {
      return app;
    },
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    clock,
    async restart(whileDown) {
      await app.close();
      await whileDown?.();
      app = await boot(config, clock, port, bot);
    },
    async stop() {
      await app.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

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
