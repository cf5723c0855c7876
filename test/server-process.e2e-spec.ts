import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { freePort, runServer, waitForHealth } from './support/server-process.js';

// Each test starts the server as a process of its own: on a loaded machine that takes many seconds.
jest.setTimeout(120_000);

describe('the server process', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/redress' }],
    ['STAFF_API_KEY', { STAFF_API_KEY: 'short' }],
  ])('stops at once with one line naming %s when it is bad', async (variable, env) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-bad-'));
    try {
      const server = runServer({ DATA_DIR: dataDir, ...env });
      expect(await server.exited).not.toBe(0);
      const lines = server.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops with one line naming the file when the code of conduct is invalid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-bad-'));
    try {
      const server = runServer({ DATA_DIR: dataDir, CODE_OF_CONDUCT_FILE: join(dataDir, 'missing.yaml') });
      expect(await server.exited).not.toBe(0);
      expect(server.output()).toContain('missing.yaml');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('warns at start about a DATA_DIR others can read, and takes its files back to 0600', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-loose-'));
    try {
      chmodSync(dataDir, 0o755);
      writeFileSync(join(dataDir, 'staff-api-key'), 'loosened-staff-api-key-0123456789\n', { mode: 0o644 });
      const port = await freePort();
      const server = runServer({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) });
      try {
        await waitForHealth(`http://127.0.0.1:${port}`, server.exited);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      expect(server.output()).toContain(`${dataDir} can be read by other accounts (mode 0755); it holds personal data and secrets: chmod 700 it`);
      expect(server.output()).toContain(`${join(dataDir, 'staff-api-key')} could be read by other accounts (mode 0644); it is now 0600`);
      expect(statSync(join(dataDir, 'staff-api-key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'redress.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('on embedded defaults', () => {
    let dataDir: string;
    let server: ReturnType<typeof runServer>;
    let url: string;

    beforeAll(async () => {
      dataDir = join(mkdtempSync(join(tmpdir(), 'redress-proc-')), 'data');
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server = runServer({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) });
      await waitForHealth(url, server.exited);
    });

    afterAll(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    });

    it('says in its log where it listens', () => {
      expect(server.output()).toContain(`Listening on ${url}/: web chat at ${url}/, staff API reference at ${url}/docs`);
    });

    it('creates DATA_DIR, its SQLite files and its secrets for its own account only', () => {
      const mode = (name: string) => (statSync(join(dataDir, name)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      for (const file of ['redress.sqlite', 'redress.sqlite-wal', 'redress.sqlite-shm', 'staff-api-key', 'directline-token-secret']) {
        expect({ file, mode: mode(file) }).toEqual({ file, mode: '600' });
      }
    });

    it('logs JSON lines with a request id and no secrets or contact details', async () => {
      const key = readFileSync(join(dataDir, 'staff-api-key'), 'utf8').trim();
      const response = await fetch(`${url}/api/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': 'req-e2e-1' },
        body: JSON.stringify({
          channel: 'api',
          contact: { kind: 'email', value: 'sam.patel@example.com' },
          category: 'billing',
          description: 'Charged twice. Call me on +44 7911 123456.',
        }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('req-e2e-1');
      await fetch(`${url}/api/complaints/not-a-reference`, { headers: { authorization: `Bearer ${key}` } });
      await new Promise((r) => setTimeout(r, 200));

      const lines = server.output().trim().split('\n');
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.some((e) => (e.req as { id?: string } | undefined)?.id === 'req-e2e-1')).toBe(true);
      const all = server.output();
      for (const secret of [key, 'sam.patel@example.com', '7911123456', '7911 123456']) {
        expect(all).not.toContain(secret);
      }
      expect(all).toContain('staff-api-key');
    });
  });
});
