import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { Outbox } from '../src/notifications/outbox.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';

/**
 * The outbox keeps which message is owed and what fills it in; the words are chosen when it is sent, for the channel
 * and in the customer's language. Messages written before that, as finished text, are still sent as they are.
 */
describe.each(dialects())('messages worded when they are sent, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, smsSettings(account, twilio.url, OUR_NUMBER));
    db = server.app.get(DataSource);
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  const p = (n: number) => (db.options.type === 'postgres' ? `$${n}` : '?');
  // a long message goes in several texts: read them once the relay has settled the message that sent them
  const textsTo = (number: string) => eventually(async () => {
    const texts = twilio.sentTo(number).map((sms) => sms.body);
    expect(texts.length).toBeGreaterThan(0);
    const [{ sending }] = await db.query(`SELECT COUNT(*) AS sending FROM outbox_messages WHERE status = 'sending'`);
    expect(Number(sending)).toBe(0);
    return texts;
  });

  it('keeps a status update as a key and its details, and texts it in the customer’s language', async () => {
    const number = '+447911123411';
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: number }, category: 'billing', description: 'Cobro doble.', language: 'es', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;

    const texts = await textsTo(number);
    expect(texts.join('\n')).toContain(`Hemos recibido su queja ${reference}.`);
    const [row] = await db.query(`SELECT payload FROM outbox_messages WHERE reference = ${p(1)} AND kind = 'status_update'`, [reference]);
    const payload = JSON.parse(row.payload);
    expect(payload).toMatchObject({ key: 'status.acknowledged', language: 'es', variables: { reference } });
    expect(payload.text).toBeUndefined();
  });

  it('texts a staff reply signed with who wrote it', async () => {
    const number = '+447911123412';
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: number }, category: 'billing', description: 'Charged twice.' },
    });
    const reference = filed.body.reference as string;
    await server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'Your refund is on its way.' } });
    expect(await textsTo(number)).toEqual(['Complaints team: Your refund is on its way.']);
  });

  it('still sends a message written as finished text before messages had keys', async () => {
    const number = '+447911123413';
    const outbox = server.app.get(Outbox);
    await server.app.get(UnitOfWork).transaction(() =>
      outbox.enqueue([
        { reference: null, channel: 'sms', kind: 'staff_reply', recipient: { address: number }, payload: { text: 'Written long ago.', language: 'en', from: 'Complaints team' } },
      ]),
    );
    outbox.committed();
    expect(await textsTo(number)).toEqual(['Complaints team: Written long ago.']);
  });

  it('keeps a dialog’s reply as what it said, and an answer to HELP as its key, and words both when texting them', async () => {
    const number = '+447911123415';
    const fields = inboundSmsFields(account, { from: number, to: OUR_NUMBER, body: 'Hello' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    const greeting = await textsTo(number);
    const [reply] = await db.query(`SELECT payload FROM outbox_messages WHERE dedupe_key = ${p(1)}`, [`sms:turn:${fields.MessageSid}`]);
    const stored = JSON.parse(reply.payload);
    expect(stored).toMatchObject({ key: 'sms.dialog_reply', language: 'en-GB' });
    expect(stored.text).toBeUndefined();
    expect(stored.parts.at(-1)).toEqual({ text: 'What would you like to do?', choices: ['Make a complaint', 'Check a complaint', 'Talk to a person', 'How it works'], locale: 'en-GB' });
    // what the customer reads is the parts worded for a phone: the choices as numbered replies
    expect(greeting.join('\n')).toContain('What would you like to do?\nReply 1 for Make a complaint, 2 for Check a complaint');

    const help = inboundSmsFields(account, { from: number, to: OUR_NUMBER, body: 'HELP' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', help, account)).status).toBe(200);
    await eventually(async () => expect(twilio.sentTo(number).map((sms) => sms.body).join('\n')).toContain('Reply STOP to get no more texts.'));
    const [answer] = await db.query(`SELECT payload FROM outbox_messages WHERE dedupe_key = ${p(1)}`, [`sms:keyword:${help.MessageSid}`]);
    expect(JSON.parse(answer.payload)).toEqual({ key: 'sms.help', variables: {}, language: 'en' });
  });

  it('texts every word of a staff reply longer than the ten segments of one SMS, in order', async () => {
    const number = '+447911123416';
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: number }, category: 'billing', description: 'Charged twice.' },
    });
    const reference = filed.body.reference as string;
    const story = Array.from({ length: 14 }, (_, i) => `Point ${i + 1} of what we found about the two charges on your account this month, and what they were for.`);
    const ask = 'Please reply to this text if anything here is wrong.';
    await server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: [...story, ask].join(' ') } });
    const texts = await eventually(async () => {
      const sent = twilio.sentTo(number).map((sms) => sms.body);
      expect(sent.some((text) => text.includes(ask))).toBe(true);
      return sent;
    });
    const reply = texts.slice(texts.findIndex((text) => text.startsWith('Complaints team: Point 1 of')));
    expect(reply.length).toBeGreaterThan(10);
    expect(reply.join(' ')).toBe(`Complaints team: ${[...story, ask].join(' ')}`);
  });

  it('still texts a dialog reply and a keyword answer written as finished text', async () => {
    const number = '+447911123417';
    const outbox = server.app.get(Outbox);
    await server.app.get(UnitOfWork).transaction(() =>
      outbox.enqueue([
        { reference: null, channel: 'sms', kind: 'dialog_reply', recipient: { address: number }, payload: { text: 'What is it about?\nReply 1 for Delivery or 2 for Billing.' } },
        { reference: null, channel: 'sms', kind: 'keyword_reply', recipient: { address: number }, payload: { text: 'Example: you will get our texts again.', language: 'en' } },
      ]),
    );
    outbox.committed();
    await eventually(async () =>
      expect(twilio.sentTo(number).map((sms) => sms.body)).toEqual(['What is it about?\nReply 1 for Delivery or 2 for Billing.', 'Example: you will get our texts again.']),
    );
  });

  it('fails for good a message it has no words for, and says so', async () => {
    const number = '+447911123414';
    const outbox = server.app.get(Outbox);
    await server.app.get(UnitOfWork).transaction(() =>
      outbox.enqueue([
        { reference: null, channel: 'sms', kind: 'status_update', recipient: { address: number }, payload: { key: 'status.no_such_stage', variables: {}, language: 'en' }, dedupeKey: 'unknown-key' },
      ]),
    );
    outbox.committed();
    await eventually(async () => {
      const [row] = await db.query(`SELECT status, last_error AS "lastError" FROM outbox_messages WHERE dedupe_key = 'unknown-key'`);
      expect(row).toEqual({ status: 'failed', lastError: 'No words for the message status.no_such_stage' });
    });
    expect(twilio.sentTo(number)).toEqual([]);
  });
});
