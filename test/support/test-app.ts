import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_OPTIONS, configureApp } from '../../src/app.factory.js';
import { AppModule } from '../../src/app.module.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { parseConfig, type AppConfig } from '../../src/config/config.schema.js';
import { createPostgresDatabase, type Dialect } from './databases.js';

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
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  clock: ManualClock;
  /** Calls the server over HTTP on 127.0.0.1, with the staff key unless told otherwise. */
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; auth?: boolean }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  stop(): Promise<void>;
}

/** Starts the whole Redress server on 127.0.0.1 on a free port, on a fresh SQLite file or PostgreSQL database. */
export async function startApp(dialect: Dialect, env: Record<string, string> = {}, now = '2026-03-02T10:00:00.000Z'): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-e2e-'));
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
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication(APP_OPTIONS);
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    app,
    baseUrl,
    config,
    clock,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.auth !== false) headers.authorization ??= `Bearer ${STAFF_KEY}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const response = await fetch(baseUrl + path, { method, headers, body });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: callers read `text`
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async stop() {
      await app.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
