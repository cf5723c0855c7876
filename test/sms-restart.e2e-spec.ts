import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SmsInbox } from '../adapters/sms/sms-inbox.js';
import { createPostgresDatabase, dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
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
    await first.app.get(SmsInbox).onApplicationShutdown();
    const fields = inboundSmsFields(account, { from: CUSTOMER, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(first.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(fake.sent).toEqual([]);

    const second = await start();
    const db = second.app.get(DataSource);
    await eventually(async () => {
      const [row] = await db.query(`SELECT outcome FROM sms_inbound_messages WHERE message_sid = '${fields.MessageSid}'`);
      expect(row.outcome).toBe('dialog');
    });
    await eventually(async () => expect(fake.sentTo(CUSTOMER).map((sms) => sms.body).join('\n')).toContain('What would you like to do?'));
  });
});
