import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { turnOrder } from './support/sms-turn-order.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';

/**
 * A relay's claim on a message can lapse while it is still sending it (a loaded machine, a slow answer): the message
 * is claimed again and sent by the new claim. The old one must then hand nothing more to Twilio, or the customer gets
 * a text twice, one Redress never recorded.
 */
describe.each(dialects())('a reply whose claim lapses while its first text waits for Twilio, on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), CLAIM_LEASE_SECONDS: '60' });
    db = server.app.get(DataSource);
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  it('reaches the customer once, each of its texts once, all recorded', async () => {
    const relay = server.app.get(OutboxRelay);
    const number = '+447400400001';
    // Twilio takes the menu's first text but its answer waits
    const release = fake.holdNextAnswer();
    const hello = inboundSmsFields(account, { from: number, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', hello, account)).status).toBe(200);
    await eventually(async () => expect(fake.sentTo(number)).toHaveLength(1));
    const owed = async () =>
      (await db.query(`SELECT status, attempts, lease_until AS "leaseUntil" FROM outbox_messages WHERE dedupe_key = 'sms:turn:${hello.MessageSid}'`))[0];
    const claimed = await owed();
    expect(claimed).toMatchObject({ status: 'sending', attempts: 1 });

    // the first claim's lease lapses: a second claim sends the message, finding the first text at Twilio
    server.clock.set(new Date(Date.parse(claimed.leaseUntil) + 1_000).toISOString());
    await eventually(async () => {
      relay.kick();
      expect(await owed()).toMatchObject({ status: 'sent', attempts: 2 });
    });
    expect(fake.sentTo(number).map((sms) => sms.body)).toEqual([
      expect.stringContaining('What would you like to do?'),
      expect.stringContaining('Reply 1 for Make a complaint'),
    ]);

    // the first claim hears Twilio's answer at last, and carries on no further
    release();
    await eventually(async () => expect(fake.sentTo(number)[0].answered).toBe(true));
    await relay.drain();
    expect(fake.sentTo(number)).toHaveLength(2);
    const report = await turnOrder((sql) => db.query(sql), fake.sent, number);
    expect(report.incomplete).toEqual([]);
    expect(report.handedOver).toEqual(report.inTurnOrder);
    expect(await owed()).toMatchObject({ status: 'sent', attempts: 2 });
    server.clock.set('2026-03-02T10:00:00.000Z');
  }, 60_000);
});
