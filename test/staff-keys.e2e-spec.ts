import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { runCommand } from './support/server-process.js';
import { databaseEnv, startApp, type RunningApp } from './support/test-app.js';

// Each CLI call is a process of its own that opens the database: seconds on a loaded machine.
jest.setTimeout(120_000);

describe.each(dialects())('personal staff API keys on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** `npm run staff -- …` against the running server's database. */
  const staff = (...args: string[]) => runCommand('dist/src/staff-keys/staff-cli.js', args, databaseEnv(server));

  async function newKey(staffId: string, role: string): Promise<{ id: string; token: string }> {
    const created = await staff('create', staffId, '--role', role);
    expect(created.code).toBe(0);
    const token = /^(rk_[a-z0-9]{12}_\S+)$/m.exec(created.out)![1];
    return { id: token.slice(3, 15), token };
  }

  const call = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    server.request(method, path, { body, auth: false, headers: { authorization: `Bearer ${token}`, ...headers } });

  const complaint = { channel: 'api', contact: { kind: 'webchat', value: 'conversation-keys' }, category: 'billing', description: 'Charged twice.' };

  it('acts as its owner with its role: recorded in the history, and a handler is no supervisor whatever the headers say', async () => {
    const alex = await newKey('U0ALEX', 'handler');
    const filed = await call(alex.token, 'POST', '/api/complaints', complaint);
    expect(filed.status).toBe(201);
    const reference = filed.body.reference;
    const disclosed = await call(alex.token, 'POST', `/api/complaints/${reference}/contact-disclosures`, { reason: 'To call back' });
    expect(disclosed.status).toBe(200);
    const history = await call(alex.token, 'GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.map((e: { type: string; actor: string }) => `${e.type} ${e.actor}`)).toEqual([
      'complaint.received staff:U0ALEX',
      'contact.disclosed staff:U0ALEX',
    ]);

    const posing = await call(alex.token, 'POST', `/api/complaints/${reference}/actions`, { action: 'acknowledge' }, { 'x-staff-role': 'supervisor' });
    expect(posing.status).toBe(403);
    expect(posing.body).toMatchObject({ code: 'staff_key_identity_mismatch' });
    const asOther = await call(alex.token, 'POST', `/api/complaints/${reference}/notes`, { text: 'hi' }, { 'x-staff-id': 'U0SAM' });
    expect(asOther.status).toBe(403);

    const sam = await newKey('U0SAM', 'supervisor');
    const withdrawn = await call(sam.token, 'POST', `/api/complaints/${reference}/actions`, { action: 'withdraw', reason: 'The customer asked' });
    expect(withdrawn.status).toBe(200);
    const events = (await call(sam.token, 'GET', `/api/complaints/${reference}/history`)).body.events;
    expect(events.find((e: { type: string }) => e.type === 'complaint.withdrawn')).toMatchObject({ actor: 'staff:U0SAM' });
  });

  it('lists keys with their last use and never their secrets, and rotated or revoked keys stop working at once', async () => {
    const kim = await newKey('U0KIM', 'handler');
    expect((await call(kim.token, 'GET', '/api/complaints')).status).toBe(200);

    const listed = await staff('list');
    expect(listed.code).toBe(0);
    const row = listed.out.split('\n').find((line) => line.startsWith(kim.id))!;
    expect(row).toMatch(new RegExp(`^${kim.id}\\s+U0KIM\\s+handler\\s+\\S+\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+no$`));
    expect(listed.out).not.toContain(kim.token.slice(16));

    const rotated = await staff('rotate', kim.id);
    expect(rotated.code).toBe(0);
    const replacement = /^(rk_\S+)$/m.exec(rotated.out)![1];
    expect((await call(kim.token, 'GET', '/api/complaints')).status).toBe(401);
    expect((await call(replacement, 'GET', '/api/complaints')).status).toBe(200);

    expect((await staff('revoke', replacement.slice(3, 15))).code).toBe(0);
    const refused = await call(replacement, 'GET', '/api/complaints');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'unauthorised' });
  });

  it('explains a command it cannot run, and changes nothing', async () => {
    for (const [args, message] of [
      [['create', 'U0LEE'], 'Give the role: --role handler or --role supervisor'],
      [['create', 'U0LEE', '--role', 'boss'], 'Give the role: --role handler or --role supervisor'],
      [['revoke', 'nosuchkey000'], 'No valid key nosuchkey000'],
      [['frobnicate'], 'create <staff-id> --role handler|supervisor'],
    ] as const) {
      const result = await staff(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 64 });
      expect(result.err).toContain(message);
    }
    expect((await staff('list')).out).not.toContain('U0LEE');
  });
});
