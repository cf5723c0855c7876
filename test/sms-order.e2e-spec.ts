import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { turnOrder } from './support/sms-turn-order.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
const CUSTOMERS = Array.from({ length: 8 }, (_, i) => `+4474002000${10 + i}`);
// No carrier keyword among them: each is a dialog turn with a reply.
const BURST = ['Hello', 'Make a complaint', 'My bill was wrong twice this month', 'Billing', 'last Tuesday'];
const MENU = 'What would you like to do?';

describe.each(dialects())('replies to SMS on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  /** On PostgreSQL, two instances share the database behind one number, as behind a load balancer. */
  const servers: RunningApp[] = [];
  let db: DataSource;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    const first = await startApp(dialect, smsSettings(account, fake.url, OUR_NUMBER));
    servers.push(first);
    if (dialect === 'postgres') {
      servers.push(await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), DATABASE_URL: first.config.DATABASE_URL! }));
    }
    db = first.app.get(DataSource);
  });

  beforeEach(() => {
    fake.answerDelay = () => 0;
  });

  afterAll(async () => {
    for (const server of servers.reverse()) await server.stop();
    await fake?.stop();
  });

  const settled = () =>
    eventually(async () => {
      const [{ n: unhandled }] = await db.query(`SELECT COUNT(*) AS n FROM sms_inbound_messages WHERE handled_at IS NULL`);
      const [{ n: owed }] = await db.query(`SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'sms' AND status IN ('pending', 'sending')`);
      if (Number(unhandled) + Number(owed) > 0) throw new Error(`${unhandled} texts to handle, ${owed} replies to send`);
    }, 2400);

  const inTurnOrder = async (number: string) => {
    const report = await turnOrder((sql) => db.query(sql), fake.sent, number);
    expect(report.incomplete).toEqual([]);
    expect({ number, texts: report.handedOver }).toEqual({ number, texts: report.inTurnOrder });
  };

  it('reach every customer of a quick burst in the order they texted, each once', async () => {
    // Twilio answers each send after its own short while, as the real one does, so replies sent side by side overtake.
    fake.answerDelay = () => Math.floor(Math.random() * 40);
    await Promise.all(
      CUSTOMERS.map(async (from, c) => {
        for (const [i, body] of BURST.entries()) {
          // each text as soon as Twilio has the last one acknowledged, long before its reply; to either instance
          const server = servers[(c + i) % servers.length];
          const answer = await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', inboundSmsFields(account, { from, to: OUR_NUMBER, body }), account);
          expect(answer.status).toBe(200);
        }
      }),
    );
    await settled();

    for (const number of CUSTOMERS) {
      await inTurnOrder(number);
      // what the customer reads: the menu their first text asked for comes first
      expect(fake.sentTo(number)[0].body).toContain(MENU);
    }
  }, 120_000);
});
