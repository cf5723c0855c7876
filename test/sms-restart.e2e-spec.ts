import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { createPostgresDatabase, dialects, openDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio, type SentSms } from './support/fake-twilio.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';
import { turnOrder } from './support/sms-turn-order.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
const CUSTOMER = '+447911123456';

describe.each(dialects())('an SMS acknowledged before a restart on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let database: Record<string, string>;
  let dropDatabase: () => Promise<void>;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    if (dialect === 'postgres') {
      const postgres = await createPostgresDatabase();
      database = { DATABASE_URL: postgres.url };
      dropDatabase = postgres.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-sms-restart-'));
      database = { DATA_DIR: dir };
      dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
    }
  });

  afterAll(async () => {
    for (const server of running) await server.stop();
    await fake?.stop();
    await dropDatabase?.();
  });

  const start = async () => {
    const server = await startApp(dialect, {
      ...database,
      ...smsSettings(account, fake.url, OUR_NUMBER),
    });
    running.push(server);
    return server;
  };

  it('is handled when the server comes back', async () => {
    const first = await start();
    // the server dies after answering Twilio and before the turn runs: its inbox never gets to the text
    await first.app.get(InboundPipeline).beforeApplicationShutdown();
    const fields = inboundSmsFields(account, { from: CUSTOMER, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(first.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(fake.sent).toEqual([]);

    const second = await start();
    const db = second.app.get(DataSource);
    await eventually(async () => {
      const [row] = await db.query(`SELECT outcome FROM inbound_messages WHERE channel = 'sms' AND provider_id = '${fields.MessageSid}'`);
      expect(row.outcome).toBe('dialog');
    });
    await eventually(async () => expect(fake.sentTo(CUSTOMER).map((sms) => sms.body).join('\n')).toContain('What would you like to do?'));
  });
});

const CUSTOMERS = Array.from({ length: 8 }, (_, i) => `+4474005000${10 + i}`);
// No carrier keyword among them: each is a dialog turn with a reply.
const SCRIPT = ['Hello', 'Make a complaint', 'My bill was wrong twice this month', 'Billing', 'last Tuesday', 'A refund', 'start again', 'menu'];

describe.each(dialects())('a server killed while texts are on their way to Twilio, on %s', (dialect) => {
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
      LOG_LEVEL: 'silent',
      STAFF_API_KEY: 'sms-kill-test-staff-key',
      DIRECTLINE_TOKEN_SECRET: 'sms-kill-test-direct-line-secret-0123456789',
      ...smsSettings(account, fake.url, OUR_NUMBER),
      CLAIM_LEASE_SECONDS: '5',
    };
    const data = await processData(dialect, 'redress-sms-kill-');
    ({ databaseTarget, cleanUp } = data);
    Object.assign(env, data.env);
  });

  afterAll(async () => {
    await stopServer(server);
    await fake?.stop();
    await cleanUp?.();
  });

  async function start(): Promise<void> {
    server = runServer(env);
    await waitForHealth(baseUrl, server.exited);
  }

  it('sends every reply once, and each customer\'s replies in the order they texted, across the crash', async () => {
    await start();
    // Twilio takes each text at once and answers a little later, so some answers are on their way at the crash.
    fake.answerDelay = () => 50 + Math.floor(Math.random() * 200);
    const acked: string[] = [];
    let killed = false;
    const burst = async (from: string) => {
      for (const body of SCRIPT) {
        if (killed) return;
        const fields = inboundSmsFields(account, { from, to: OUR_NUMBER, body });
        try {
          if ((await postAsTwilio(baseUrl, '/webhooks/twilio/sms', fields, account)).status === 200) acked.push(fields.MessageSid);
        } catch {
          return; // the connection died with the server: Twilio would retry, nothing was acknowledged
        }
      }
    };
    const bursts = CUSTOMERS.map(burst);

    let unanswered: SentSms[] = [];
    await eventually(async () => {
      unanswered = fake.sent.filter((sms) => !sms.answered);
      if (acked.length < 20 || unanswered.length < 2) throw new Error('not yet mid-send');
      // in the same tick: these texts were taken by Twilio, and the server dies before it hears so
      server!.child.kill('SIGKILL');
    }, 2400);
    killed = true;
    await server!.exited;
    await Promise.all(bursts);

    await start();
    const db = await openDatabase(dialect, databaseTarget);
    try {
      await eventually(async () => {
        const [{ n: unhandled }] = await db.all(`SELECT COUNT(*) AS n FROM inbound_messages WHERE handled_at IS NULL`);
        const [{ n: owed }] = await db.all(`SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'sms' AND status IN ('pending', 'sending')`);
        if (Number(unhandled) + Number(owed) > 0) throw new Error(`still recovering: ${unhandled} texts, ${owed} replies`);
      }, 4000);

      // every text acknowledged was handled once, and its reply went out
      const quoted = acked.map((sid) => `'${sid}'`).join(',');
      const handled = await db.all(`SELECT outcome FROM inbound_messages WHERE channel = 'sms' AND provider_id IN (${quoted})`);
      expect(handled).toHaveLength(acked.length);
      expect(new Set(handled.map((row) => row.outcome))).toEqual(new Set(['dialog']));
      const replies = await db.all(`SELECT status FROM outbox_messages WHERE dedupe_key IN (${acked.map((sid) => `'sms:turn:${sid}'`).join(',')})`);
      expect(replies).toHaveLength(acked.length);
      expect(replies.filter((row) => row.status !== 'sent' && row.status !== 'delivered')).toEqual([]);

      // the texts Twilio took whose answers died with the server were found at Twilio, not sent again
      const recorded = await db.all(`SELECT message_sid AS sid FROM sms_deliveries`);
      const recordedSids = new Set(recorded.map((row) => row.sid as string));
      expect(unanswered.filter((sms) => !recordedSids.has(sms.sid))).toEqual([]);
      // 0 duplicates: every text Twilio took is one text of one reply
      expect(fake.sent.filter((sms) => !recordedSids.has(sms.sid)).map((sms) => sms.body)).toEqual([]);
      expect(fake.sent).toHaveLength(recorded.length);

      // each customer read every reply's texts before the next reply's
      for (const number of CUSTOMERS) {
        const report = await turnOrder(db.all, fake.sent, number);
        expect(report.incomplete).toEqual([]);
        expect({ number, texts: report.handedOver }).toEqual({ number, texts: report.inTurnOrder });
      }
    } finally {
      await db.close();
    }
  }, 180_000);
});
