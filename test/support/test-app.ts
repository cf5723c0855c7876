import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import { Test } from '@nestjs/testing';
import { BOT } from '../../dialogs/tokens.js';
import { DIALOG_STORAGE } from '../../src/database/dialog-state/dialog-storage.js';
import { APP_OPTIONS, configureApp } from '../../src/app.factory.js';
import { ExpressHttpAdapter } from '../../src/common/http/express-http-adapter.js';
import { AppModule } from '../../src/app.module.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { parseConfig, type AppConfig } from '../../src/config/config.schema.js';
import { createPostgresDatabase, type Dialect } from './databases.js';
import { fetchAgainOnStaleConnection } from './http.js';

export const STAFF_KEY = 'test-staff-key-0123456789';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface RunningApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly clock: ManualClock;
  /** Calls the server over HTTP on 127.0.0.1, with the staff key unless told otherwise. */
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; auth?: boolean }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  /** Stops the server, runs `whileDown` (if given) against its stopped data, and starts it again on the same port. */
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
  const app = (await builder.compile()).createNestApplication(new ExpressHttpAdapter(), APP_OPTIONS);
  configureApp(app);
  await app.listen(port, '127.0.0.1');
  return app;
}

/** Calls a server over HTTP on 127.0.0.1, with the staff key unless told otherwise. */
function requester(baseUrl: string): RunningApp['request'] {
  return async (method, path, requestOptions = {}) => {
    const headers: Record<string, string> = { ...(requestOptions.headers ?? {}) };
    if (requestOptions.auth !== false) headers.authorization ??= `Bearer ${STAFF_KEY}`;
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof requestOptions.body === 'string' ? requestOptions.body : JSON.stringify(requestOptions.body);
    }
    const response = await fetchAgainOnStaleConnection(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: callers read `text`
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
}

/** The settings every test server starts with, under `env`. */
function testConfig(dataDir: string, databaseUrl: string | undefined, env: Record<string, string>): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    STAFF_API_KEY: STAFF_KEY,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
}

/** Boots a server and keeps it restartable on its port; `cleanUp` runs after it stops. */
async function run(config: AppConfig, clock: ManualClock, bot: BotFactory | undefined, cleanUp: () => Promise<void>): Promise<RunningApp> {
  let app = await boot(config, clock, 0, bot);
  const { port } = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    get app() {
      return app;
    },
    baseUrl,
    config,
    clock,
    request: requester(baseUrl),
    async restart(whileDown) {
      await app.close();
      await whileDown?.();
      app = await boot(config, clock, port, bot);
    },
    async stop() {
      await app.close();
      await cleanUp();
    },
  };
}

/**
 * Starts the whole Redress server on 127.0.0.1 on a free port, on a fresh SQLite file or PostgreSQL database that
 * outlive restarts and are removed by `stop()`.
 */
export async function startApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  now = '2026-03-02T10:00:00.000Z',
  options: { bot?: BotFactory } = {},
): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-e2e-'));
  const postgres = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = testConfig(dataDir, postgres?.url, env);
  return run(config, new ManualClock(new Date(now)), options.bot, async () => {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/**
 * A second instance of Redress on the same database and DATA_DIR as `first` (so with the same generated secrets), with
 * a clock of its own set to the same time, as a second server behind a load balancer would be. `stop()` stops only
 * this one; `first.stop()` removes the database.
 */
export async function startBeside(first: RunningApp, env: Record<string, string> = {}, options: { bot?: BotFactory } = {}): Promise<RunningApp> {
  const config = testConfig(first.config.DATA_DIR, first.config.DATABASE_URL, env);
  return run(config, new ManualClock(first.clock.now()), options.bot, async () => {});
}

/** The settings a command run beside the server needs to open the server's database and data. */
export function databaseEnv(server: RunningApp): Record<string, string> {
  return { DATA_DIR: server.config.DATA_DIR, ...(server.config.DATABASE_URL ? { DATABASE_URL: server.config.DATABASE_URL } : {}) };
}

/** Files a complaint kept updated in this web chat conversation, through the staff API, and replies to it there. */
export async function replyAsStaff(server: RunningApp, conversationId: string, text: string): Promise<string> {
  const filed = await server.request('POST', '/api/complaints', {
    body: {
      channel: 'webchat',
      contact: { kind: 'webchat', value: conversationId },
      category: 'delivery',
      description: 'The parcel never came.',
      acknowledge: true,
    },
  });
  if (filed.status !== 201) throw new Error(`Filing answered ${filed.status}: ${filed.text}`);
  const replied = await server.request('POST', `/api/complaints/${filed.body.reference}/replies`, { body: { text } });
  if (replied.status !== 201) throw new Error(`Replying answered ${replied.status}: ${replied.text}`);
  return filed.body.reference as string;
}
