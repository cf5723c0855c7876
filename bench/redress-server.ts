import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthy, startChild } from './child.js';
import type { TwilioSink } from './servers/twilio-sink.js';

export interface StaffServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Headers of a staff API call. */
  headers: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The built server on its embedded defaults (SQLite in a fresh directory) with a known staff key, and SMS pointed at
 * a local stand-in for Twilio, so the acknowledgement of a complaint made by phone is really sent. `nodeFlags` go to
 * the server's Node.js (--cpu-prof).
 */
export async function withStaffServer<T>(
  sink: TwilioSink,
  work: (server: StaffServer) => Promise<T>,
  nodeFlags: string[] = [],
  /** Called once the server has stopped, before its data directory is removed. */
  afterStop?: (dataDir: string) => void,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const key = randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    STAFF_API_KEY: key,
    PUBLIC_URL: 'https://redress.example.org',
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_PHONE_NUMBER: '+447700900123',
    TWILIO_API_URL: sink.url,
  };
  const server = await startChild(fileURLToPath(new URL('../src/main.js', import.meta.url)), env, () => healthy(url), nodeFlags);
  try {
    return await work({
      url,
      pid: server.pid,
      dataDir,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-staff-id': 'U0BENCH', 'x-staff-role': 'supervisor' },
    });
  } finally {
    await server.stop();
    afterStop?.(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const CATEGORIES = ['delivery', 'billing', 'service', 'product', 'other'];

/** The body of the n-th complaint keyed in by staff: a phone call, acknowledged at once, as a contact centre records it. */
export function complaintBody(n: number): string {
  return JSON.stringify({
    channel: 'phone',
    contact: { kind: 'phone', value: `+4474009${String(n % 100_000).padStart(5, '0')}` },
    customerName: `Customer ${n}`,
    category: CATEGORIES[n % CATEGORIES.length],
    description: `My order ${100_000 + n} arrived two weeks late and the box was damaged; I was charged for express delivery.`,
    remedySought: 'A refund of the delivery charge.',
    acknowledge: true,
  });
}
