import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/eventually.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';

const KEY = 'privacy-log-staff-key-0123456789';
const SUPERVISOR = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-staff-id': 'sup-7', 'x-staff-role': 'supervisor' };

/** The server's log lines (JSON, one a line) with this message. */
function linesSaying(output: string, message: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === message);
}

describe('the log of who saw, exported and erased a customer’s data', () => {
  let data: Awaited<ReturnType<typeof processData>>;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    data = await processData('sqlite', 'redress-privacy-log-');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = runServer({ ...data.env, HOST: '127.0.0.1', PORT: String(port), STAFF_API_KEY: KEY, LOG_LEVEL: 'info', NODE_ENV: 'production' });
    await waitForHealth(url, server.exited);
  });

  afterAll(async () => {
    await stopServer(server);
    await data?.cleanUp();
  });

  const post = async (path: string, body: unknown) => {
    const answer = await fetch(url + path, { method: 'POST', headers: SUPERVISOR, body: JSON.stringify(body) });
    return { status: answer.status, body: (await answer.json()) as Record<string, any> };
  };

  it('writes a line for each, naming who, which case and why, with numbers and addresses masked', async () => {
    const filed = await post('/api/complaints', {
      channel: 'api',
      contact: { kind: 'phone', value: '+447911000666' },
      category: 'billing',
      description: 'Charged twice.',
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;

    const shown = await post(`/api/complaints/${reference}/contact-disclosures`, { reason: 'Customer asked for a call back on 07911 000666' });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ value: '+447911000666' });
    await post(`/api/complaints/${reference}/actions`, { action: 'withdraw', reason: 'Sorted out on the phone' });
    expect((await post('/api/privacy/exports', { contact: { kind: 'phone', value: '07911 000666' }, reason: 'SAR from ann@example.org' })).status).toBe(200);
    expect((await post('/api/privacy/erasures', { contact: { kind: 'phone', value: '07911 000666' }, reason: 'Erasure request 2026-90' })).status).toBe(200);

    await eventually(async () => expect(linesSaying(server.output(), 'Customer data erased')).toHaveLength(1));
    const output = server.output();
    expect(linesSaying(output, 'Full contact shown')).toEqual([
      expect.objectContaining({ staff: 'sup-7', reference, contact: '+44 •••• ••• 666', reason: 'Customer asked for a call back on +44 •••• ••• 666' }),
    ]);
    expect(linesSaying(output, 'Customer data exported')).toEqual([
      expect.objectContaining({ staff: 'sup-7', complaints: [reference], contact: '+44 •••• ••• 666', reason: 'SAR from a•••@e•••.org' }),
    ]);
    expect(linesSaying(output, 'Customer data erased')).toEqual([
      expect.objectContaining({ staff: 'sup-7', complaints: [reference], contact: '+44 •••• ••• 666', reason: 'Erasure request 2026-90' }),
    ]);
    // nothing in the whole log gives the number or the address away, nor the staff key
    expect(output).not.toMatch(/7911\s?000666|ann@example\.org/);
    expect(output).not.toContain(KEY);
  }, 120_000);
});
