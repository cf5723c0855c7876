import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, runServer, waitForHealth } from './support/server-process.js';

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

  describe('on embedded defaults', () => {
    let dataDir: string;
    let server: ReturnType<typeof runServer>;
    let url: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'redress-proc-'));
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server = runServer({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) });
      await waitForHealth(url, server.exited);
    });

    afterAll(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('says in its log where it listens', () => {
      expect(server.output()).toContain(`Listening on ${url}/: web chat at ${url}/, staff API reference at ${url}/docs`);
    });

    it('creates its SQLite file and a private staff API key in DATA_DIR', () => {
      expect(statSync(join(dataDir, 'redress.sqlite')).isFile()).toBe(true);
      expect(statSync(join(dataDir, 'staff-api-key')).mode & 0o777).toBe(0o600);
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
