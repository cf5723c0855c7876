import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects, openDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

// The built server runs as a process of its own (npm run build first); on a loaded machine that takes many seconds.
jest.setTimeout(240_000);

const OUR_NUMBER = '+447700900123';
const FIRST = '+447911123456';
const SECOND = '+447911654321';

describe.each(dialects())('a server stopped with SIGTERM, on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let env: Record<string, string>;
  let databaseTarget: string;
  let cleanUp: () => Promise<void>;
  let server: ServerProcess | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      STAFF_API_KEY: 'shutdown-test-staff-key',
      DIRECTLINE_TOKEN_SECRET: 'shutdown-test-direct-line-secret-0123456789',
      ...smsSettings(account, fake.url, OUR_NUMBER),
      // a held send is given up at half the lease: long enough for the test to look around while it is held
      CLAIM_LEASE_SECONDS: '120',
      SHUTDOWN_GRACE_SECONDS: '90',
    };
    const data = await processData(dialect, 'redress-shutdown-');
    ({ databaseTarget, cleanUp } = data);
    Object.assign(env, data.env);
  });

  afterAll(async () => {
    await stopServer(server);
    await fake?.stop();
    await cleanUp?.();
  });

  async function start(): Promise<ServerProcess> {
    server = runServer(env);
    await waitForHealth(baseUrl, server.exited);
    return server;
  }

  const text = async (from: string, body: string) => {
    const fields = inboundSmsFields(account, { from, to: OUR_NUMBER, body });
    const answer = await postAsTwilio(baseUrl, '/webhooks/twilio/sms', fields, account);
    expect(answer.status).toBe(200);
    return fields.MessageSid;
  };

  it('finishes the reply in flight, takes no new work, exits 0, and what it acknowledged meanwhile is answered once after the restart', async () => {
    const running = await start();
    const release = fake.holdNextAnswer();
    const first = await text(FIRST, 'Hello');
    // Twilio has taken the reply and not yet answered: the send is in flight
    await eventually(async () => expect(fake.sentTo(FIRST)).toHaveLength(1));

    running.child.kill('SIGTERM');
    let ready: Response | undefined;
    await eventually(async () => {
      ready = await fetch(`${baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
    });
    expect(await ready!.json()).toMatchObject({ status: 'not_ready', reasons: ['shutting_down'] });
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    // a customer who writes now is acknowledged: the text is stored for whoever takes the work up
    const second = await text(SECOND, 'Hello');

    release();
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('SIGTERM: shutting down');

    const db = await openDatabase(dialect, databaseTarget);
    try {
      const [firstTurn] = await db.all(`SELECT outcome FROM inbound_messages WHERE provider_id = '${first}'`);
      expect(firstTurn.outcome).toBe('dialog');
      const firstReplies = await db.all(`SELECT status FROM outbox_messages WHERE dedupe_key = 'sms:turn:${first}'`);
      expect(firstReplies.map((row) => row.status)).toEqual(['sent']);
      const [secondTurn] = await db.all(`SELECT handled_at AS "handledAt" FROM inbound_messages WHERE provider_id = '${second}'`);
      expect(secondTurn.handledAt).toBeNull();
    } finally {
      await db.close();
    }
    expect(fake.sentTo(SECOND)).toEqual([]);
    const firstCount = fake.sentTo(FIRST).length;

    const again = await start();
    await eventually(async () => expect(fake.sentTo(SECOND).map((sms) => sms.body).join('\n')).toContain('What would you like to do?'));
    const db2 = await openDatabase(dialect, databaseTarget);
    try {
      await eventually(async () => {
        const replies = await db2.all(`SELECT status FROM outbox_messages WHERE dedupe_key = 'sms:turn:${second}'`);
        expect(replies.map((row) => row.status)).toEqual(['sent']);
      });
    } finally {
      await db2.close();
    }
    // the first customer's reply went once, before the restart, and not again after it
    const firstTexts = fake.sentTo(FIRST).map((sms) => sms.body);
    expect(firstTexts.join('\n')).toContain('What would you like to do?');
    expect(firstTexts).toHaveLength(firstCount);
    expect(new Set(firstTexts).size).toBe(firstTexts.length);

    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
  it('past its grace, exits 1 and leaves the reply it could not settle to the next start, which finds it at Twilio and does not send it again', async () => {
    const quick = { ...env, SHUTDOWN_GRACE_SECONDS: '2', CLAIM_LEASE_SECONDS: '10' };
    server = runServer(quick);
    await waitForHealth(baseUrl, server.exited);
    const running = server;
    const customer = '+447911777888';
    // Twilio takes the reply's first text and never answers while this instance lives
    fake.holdNextAnswer();
    const sid = await text(customer, 'Hello');
    await eventually(async () => expect(fake.sentTo(customer)).toHaveLength(1));
    const taken = fake.sentTo(customer)[0].body;

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain('SHUTDOWN_GRACE_SECONDS');

    server = runServer(quick);
    await waitForHealth(baseUrl, server.exited);
    const db = await openDatabase(dialect, databaseTarget);
    try {
      // once the claim lapses the reply is taken up again, and what Twilio already took is not sent twice
      await eventually(async () => {
        const replies = await db.all(`SELECT status FROM outbox_messages WHERE dedupe_key = 'sms:turn:${sid}'`);
        expect(replies.map((row) => row.status)).toEqual(['sent']);
      }, 1200);
    } finally {
      await db.close();
    }
    // the rest of the reply follows; the text Twilio took before the stop is not among what was sent again
    const texts = fake.sentTo(customer).map((sms) => sms.body);
    expect(texts.filter((body) => body === taken)).toHaveLength(1);
    expect(texts.join('\n')).toContain('What would you like to do?');
    expect(new Set(texts).size).toBe(texts.length);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
