import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { FakeTwilio } from './support/fake-twilio.js';
import { startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { TEAM } from './support/slack-requests.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

// Hundreds of requests against a whole server: minutes on a loaded machine.
jest.setTimeout(600_000);

const OUR_NUMBER = '+447700900123';
const RUNS = { numRuns: 40 };

/** Strings as an attacker or a broken client sends them: any code unit, lone surrogates and controls included. */
const nasty = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.constantFrom('', ' ', '\u0000', '\ud800', '<!channel>', '0x10', '1e3', '-1', 'null', '{}', '[]'));
/** JSON values of any shape, with nasty strings in them. */
const json = fc.letrec((tie) => ({
  value: fc.oneof({ maxDepth: 3 }, nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(nasty, tie('value'), { maxKeys: 5 })),
})).value;
/** Objects with the real field names of a surface, each holding anything, plus stray fields. */
const shaped = (fields: string[]) =>
  fc.record(Object.fromEntries(fields.map((field) => [field, json])), { requiredKeys: [] }).chain((known) =>
    fc.dictionary(nasty, json, { maxKeys: 2 }).map((stray) => ({ ...stray, ...known })),
  );

describe('every inbound surface, fed what fast-check makes up', () => {
  let app: SlackTestApp;
  let twilio: FakeTwilio;
  let db: DataSource;
  const account = testTwilioAccount();

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    app = await startSlackApp('sqlite', { ...smsSettings(account, twilio.url, OUR_NUMBER), BOT_SERVICE_ALLOW_ANONYMOUS: 'true' });
    db = app.server.app.get(DataSource);
  });

  afterAll(async () => {
    await app?.stop();
    await twilio?.stop();
  });

  const count = async (table: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  /** Never a 500; and a refused request (4xx) leaves `table` as it was. */
  async function holds(table: string, send: () => Promise<number>): Promise<void> {
    const before = await count(table);
    const status = await send();
    expect(status).toBeLessThan(500);
    if (status >= 400) expect({ status, rows: await count(table) }).toEqual({ status, rows: before });
  }

  it('the staff API: complaint bodies, actions and query strings', async () => {
    const filed = await app.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'webchat', value: 'conversation-fuzz' }, category: 'billing', description: 'Fuzzed.' },
    });
    const reference = filed.body.reference;
    await fc.assert(
      fc.asyncProperty(shaped(['channel', 'contact', 'category', 'description', 'language', 'receivedAt', 'occurredOn', 'acknowledge', 'involvedStaffIds']), (body) =>
        holds('complaints', async () => (await app.server.request('POST', '/api/complaints', { body })).status),
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(shaped(['action', 'reason', 'assessment', 'question', 'outcome', 'explanation', 'assigneeId', 'rootCause']), (body) =>
        holds('case_events', async () => (await app.server.request('POST', `/api/complaints/${reference}/actions`, { body })).status),
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(nasty, nasty, { maxKeys: 4 }), async (query) => {
        const response = await app.server.request('GET', `/api/complaints?${new URLSearchParams(query)}`);
        expect(response.status).toBeLessThan(500);
      }),
      RUNS,
    );
  });

  it('Direct Line activities and /api/messages activities', async () => {
    const client = await DirectLineClient.start(app.server.baseUrl);
    await fc.assert(
      fc.asyncProperty(shaped(['type', 'text', 'textFormat', 'locale', 'name', 'value', 'from', 'channelData', 'entities']), (activity) =>
        // the customer's activities only: the replies to one accepted before may still be arriving
        holds('webchat_activities WHERE inbound = 1', async () => (await client.post(activity)).status),
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(shaped(['type', 'text', 'serviceUrl', 'channelId', 'conversation', 'from', 'recipient', 'id', 'timestamp']), (activity) =>
        holds('bot_service_conversations', async () => (await app.server.request('POST', '/api/messages', { body: activity, auth: false })).status),
      ),
      RUNS,
    );
  });

  it('Twilio forms, correctly signed', async () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('', '+447911123456', 'whatsapp:+447911123456', '0x10', '99', '-1'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('Body', 'From', 'To', 'NumMedia', 'NumSegments', 'MessageSid', 'AccountSid'), field), async (overrides) => {
        const fields = { ...inboundSmsFields(account, { from: '+447911123456', to: OUR_NUMBER, body: 'hello' }), ...overrides };
        await holds('inbound_messages', async () => (await postAsTwilio(app.server.baseUrl, '/webhooks/twilio/sms', fields, account)).status);
      }),
      RUNS,
    );
  });

  it('Slack events and interactions, correctly signed', async () => {
    await fc.assert(
      fc.asyncProperty(shaped(['type', 'user', 'text', 'channel', 'ts', 'thread_ts', 'subtype']), fc.string(), async (event, eventId) => {
        const body = JSON.stringify({ type: 'event_callback', team_id: TEAM.id, event_id: eventId, event_time: 1, event });
        await holds('case_events', async () => (await app.send(body, 'application/json')).status);
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(shaped(['type', 'user', 'actions', 'view', 'trigger_id', 'container', 'message']), async (payload) => {
        const body = new URLSearchParams({ payload: JSON.stringify({ team: TEAM, ...payload }) }).toString();
        await holds('case_events', async () => (await app.send(body, 'application/x-www-form-urlencoded')).status);
      }),
      RUNS,
    );
  });

  it('is still up and answering after all of it', async () => {
    expect((await app.server.request('GET', '/health', { auth: false })).status).toBe(200);
  });
});
