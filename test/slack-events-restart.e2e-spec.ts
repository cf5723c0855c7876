import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects, openDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeSlack } from './support/fake-slack.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';
import { A_COMPLAINT, BOT_TOKEN, CASES_CHANNEL, PEOPLE } from './support/slack-app.js';
import { eventCallback, sendToSlackEndpoint, SIGNING_SECRET } from './support/slack-requests.js';

describe.each(dialects())('a Slack note acknowledged just before the server is killed, on %s', (dialect) => {
  let slack: FakeSlack;
  let env: Record<string, string>;
  let databaseTarget: string;
  let cleanUp: () => Promise<void>;
  let server: ServerProcess | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      STAFF_API_KEY: 'slack-kill-test-staff-key',
      DIRECTLINE_TOKEN_SECRET: 'slack-kill-test-direct-line-secret-0123456789',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_CASES_CHANNEL: CASES_CHANNEL,
      SLACK_HANDLERS: PEOPLE.handler,
      SLACK_SUPERVISORS: PEOPLE.supervisor,
      CLAIM_LEASE_SECONDS: '5',
    };
    const data = await processData(dialect, 'redress-slack-kill-');
    ({ databaseTarget, cleanUp } = data);
    Object.assign(env, data.env);
  }, 60_000);

  afterAll(async () => {
    await stopServer(server);
    await slack?.stop();
    await cleanUp?.();
  }, 60_000);

  async function start(extra: Record<string, string> = {}): Promise<void> {
    server = runServer({ ...env, ...extra });
    await waitForHealth(baseUrl, server.exited);
  }

  const staff = { authorization: 'Bearer slack-kill-test-staff-key', 'content-type': 'application/json', 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };
  const notes = async (reference: string) => {
    const response = await fetch(`${baseUrl}/api/complaints/${reference}/history`, { headers: staff });
    const { events } = (await response.json()) as { events: { type: string; actor: string; data: { text: string } }[] };
    return events.filter((e) => e.type === 'note.added');
  };

  it('keeps the note once, after the restart', async () => {
    // The first server stores and acknowledges events but never processes them: it dies in between.
    await start({ SLACK_HOLD_EVENTS_FOR_TESTS: 'true' });
    const created = await fetch(`${baseUrl}/api/complaints`, { method: 'POST', headers: staff, body: JSON.stringify(A_COMPLAINT) });
    expect(created.status).toBe(201);
    const { reference } = (await created.json()) as { reference: string };
    const card = await eventually(async () => {
      const posted = slack.of('chat.postMessage').find((call) => !call.args.thread_ts && String(call.args.text).includes(reference));
      if (!posted) throw new Error('no card yet');
      return posted;
    }, 2400);
    const cardTs = await eventually(async () => {
      const db = await openDatabase(dialect, databaseTarget);
      try {
        const [row] = await db.all(`SELECT ts FROM slack_case_cards WHERE reference = '${reference}'`);
        if (!row?.ts) throw new Error('the card is not recorded yet');
        return String(row.ts);
      } finally {
        await db.close();
      }
    }, 2400);
    expect(card).toBeDefined();

    const note = eventCallback(
      { type: 'message', channel: CASES_CHANNEL, channel_type: 'channel', user: PEOPLE.handler, text: 'Warehouse found the parcel', ts: '1772445990.000100', thread_ts: cardTs },
      'Ev-before-the-crash',
    );
    expect((await sendToSlackEndpoint(baseUrl, note, 'application/json')).status).toBe(200);
    // Acknowledged, and taken for processing, which never finishes: now the server dies.
    await eventually(async () => {
      const db = await openDatabase(dialect, databaseTarget);
      try {
        const [row] = await db.all(`SELECT attempts, handled_at FROM inbound_messages WHERE channel = 'slack' AND provider_id = '1772445990.000100'`);
        expect(row).toBeDefined();
        expect(Number(row.attempts)).toBe(1);
        expect(row.handled_at).toBeNull();
      } finally {
        await db.close();
      }
    }, 2400);
    server!.child.kill('SIGKILL');
    await server!.exited;

    await start();
    await eventually(async () => expect(await notes(reference)).toHaveLength(1), 4000);
    // Slack, which may not have seen the first answer, sends the event again: it is still one note.
    expect((await sendToSlackEndpoint(baseUrl, note, 'application/json', { retryNum: 1 })).status).toBe(200);
    const kept = await notes(reference);
    expect(kept).toEqual([expect.objectContaining({ actor: `staff:${PEOPLE.handler}`, data: expect.objectContaining({ text: 'Warehouse found the parcel' }) })]);
  }, 180_000);
});
