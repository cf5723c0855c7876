import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { OutboxMessageRepository } from '../src/notifications/outbox-message.repository.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { Outbox, type NewOutboxMessage } from '../src/notifications/outbox.js';
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
/** The menu's reply is two texts: the greeting with the question, then the numbered choices. */
const MENU_TEXTS = [expect.stringContaining(MENU), expect.stringContaining('Reply 1 for Make a complaint')];

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
      const [{ n: unhandled }] = await db.query(`SELECT COUNT(*) AS n FROM inbound_messages WHERE handled_at IS NULL`);
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

  it('do not send a text again when Twilio took it and its answer was lost, and the next reply waits for it', async () => {
    const [server] = servers;
    const relay = server.app.get(OutboxRelay);
    const customer = { number: '+447400300001' };
    const lists = fake.lists.length;
    fake.loseAnswers(1);
    const first = inboundSmsFields(account, { from: customer.number, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', first, account)).status).toBe(200);
    const owedFor = async (sid: string) => (await db.query(`SELECT status, attempts, next_attempt_at AS "nextAttemptAt" FROM outbox_messages WHERE dedupe_key = 'sms:turn:${sid}'`))[0];
    // Twilio took the menu, but the connection dropped before it answered: to Redress, it may or may not have gone
    const lost = await eventually(async () => {
      const row = await owedFor(first.MessageSid);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      return row;
    });
    expect(fake.sentTo(customer.number).map((sms) => sms.body)).toEqual([MENU_TEXTS[0]]);

    const second = inboundSmsFields(account, { from: customer.number, to: OUR_NUMBER, body: 'Make a complaint' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', second, account)).status).toBe(200);
    await eventually(async () => expect(await owedFor(second.MessageSid)).toMatchObject({ status: 'pending' }));
    await relay.drain();
    // the reply to the second text is held back while the first one's fate is unknown
    expect(await owedFor(second.MessageSid)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(fake.sentTo(customer.number)).toHaveLength(1);

    server.clock.set(lost.nextAttemptAt);
    await eventually(async () => {
      await relay.drain();
      expect(await owedFor(second.MessageSid)).toMatchObject({ status: 'sent' });
    });
    // the first text once, found at Twilio; the rest of that reply, then the next one
    expect(fake.sentTo(customer.number).map((sms) => sms.body)).toEqual([...MENU_TEXTS, expect.stringContaining('Please tell me what happened.')]);
    expect(fake.lists.length).toBeGreaterThan(lists);
    expect(await owedFor(first.MessageSid)).toMatchObject({ status: 'sent', attempts: 2 });
    await inTurnOrder(customer.number);
    server.clock.set('2026-03-02T10:00:00.000Z');
  }, 60_000);

  it('send a text again when Twilio failed without saying whether it took it, and it had not', async () => {
    const [server] = servers;
    const customer = { number: '+447400300002' };
    fake.failNext({ status: 500, code: 20500, message: 'Internal Server Error' });
    const fields = inboundSmsFields(account, { from: customer.number, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    const row = await eventually(async () => {
      const [owed] = await db.query(`SELECT status, attempts, next_attempt_at AS "nextAttemptAt" FROM outbox_messages WHERE dedupe_key = 'sms:turn:${fields.MessageSid}'`);
      // tried once, and waiting to be tried again
      expect(owed).toMatchObject({ status: 'pending', attempts: 1 });
      return owed;
    });
    const lists = fake.lists.length;
    server.clock.set(row.nextAttemptAt);
    await eventually(async () => {
      await server.app.get(OutboxRelay).drain();
      expect(fake.sentTo(customer.number).map((sms) => sms.body)).toEqual(MENU_TEXTS);
    });
    // it looked before sending again
    expect(fake.lists.length).toBe(lists + 1);
    expect(fake.lists.at(-1)?.get('To')).toBe(customer.number);
    expect(fake.lists.at(-1)?.get('From')).toBe(OUR_NUMBER);
    server.clock.set('2026-03-02T10:00:00.000Z');
  }, 60_000);

  it('send a text again without looking when Twilio said it did not take it', async () => {
    const [server] = servers;
    const customer = { number: '+447400300003' };
    fake.failNext({ status: 429, code: 20429, message: 'Too Many Requests' });
    const fields = inboundSmsFields(account, { from: customer.number, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    const row = await eventually(async () => {
      const [owed] = await db.query(`SELECT status, attempts, next_attempt_at AS "nextAttemptAt" FROM outbox_messages WHERE dedupe_key = 'sms:turn:${fields.MessageSid}'`);
      // tried once, and waiting to be tried again
      expect(owed).toMatchObject({ status: 'pending', attempts: 1 });
      return owed;
    });
    const lists = fake.lists.length;
    server.clock.set(row.nextAttemptAt);
    await eventually(async () => {
      await server.app.get(OutboxRelay).drain();
      expect(fake.sentTo(customer.number).map((sms) => sms.body)).toEqual(MENU_TEXTS);
    });
    expect(fake.lists.length).toBe(lists);
    server.clock.set('2026-03-02T10:00:00.000Z');
  }, 60_000);

  // SQLite has one writer, so a message is numbered and committed in the same order there.
  (dialect === 'postgres' ? it : it.skip)(
    "keep a customer's texts whole when a message commits on one instance after a later-numbered one went out from the other",
    async () => {
      const [a, b] = servers;
      const number = '+447400300004';
      const text = (words: string): NewOutboxMessage => ({ reference: null, channel: 'sms', kind: 'staff_reply', recipient: { address: number }, payload: { text: words } });
      const long = 'We have looked at your account and found the second charge. '.repeat(3).trim();

      // instance A writes a message (numbered first) in a transaction that stays open
      let commit!: () => void;
      const open = new Promise<void>((resolve) => (commit = resolve));
      const written = a.app.get(UnitOfWork).transaction(async () => {
        await a.app.get(Outbox).enqueue([text('A short note.')]);
        await open;
      });
      // meanwhile instance B writes one in two texts and commits: its relay hands the first text over
      const answer = fake.holdNextAnswer();
      await b.app.get(UnitOfWork).transaction(() => b.app.get(Outbox).enqueue([text(long)]));
      b.app.get(Outbox).committed();
      await eventually(async () => expect(fake.sentTo(number)).toHaveLength(1));

      commit();
      await written;
      // a relay claiming now leaves A's message waiting while B's is being sent
      const now = a.clock.now();
      const claimed = await a.app.get(OutboxMessageRepository).claimDue(now.toISOString(), new Date(now.getTime() + 60_000).toISOString(), 10);
      expect(claimed).toEqual([]);

      answer();
      a.app.get(Outbox).committed();
      await settled();
      const bodies = fake.sentTo(number).map((sms) => sms.body);
      expect(bodies).toHaveLength(3);
      expect(bodies[2]).toContain('A short note.');
    },
    60_000,
  );
});
