import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio, twilioSid } from './support/fake-twilio.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, inboundWhatsAppFields, postAsTwilio, smsSettings, testTwilioAccount, twilioSignature } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
const CUSTOMER = '+447911123456';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const TABLES = ['inbound_messages', 'sms_opt_outs', 'sms_deliveries', 'outbox_messages', 'dialog_states', 'complaints'];

async function rowCounts(server: RunningApp): Promise<Record<string, number>> {
  const db = server.app.get(DataSource);
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return counts;
}

const EMPTY = Object.fromEntries(TABLES.map((table) => [table, 0]));

describe.each(dialects())('Twilio SMS webhook on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, {
      ...smsSettings(account, fake.url, OUR_NUMBER),
    });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const text = (body: string, extra: { messageSid?: string; from?: string } = {}) =>
    inboundSmsFields(account, { from: extra.from ?? CUSTOMER, to: OUR_NUMBER, body, messageSid: extra.messageSid });

  describe('refuses what Twilio did not send, and keeps nothing of it', () => {
    const path = '/webhooks/twilio/sms';

    it.each([
      ['no signature', () => null],
      ['a made-up signature', () => 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=='],
      ['a signature made with another auth token', (fields: Record<string, string>) => twilioSignature('another-token', account.publicUrl + path, fields)],
      ['a signature for another URL', (fields: Record<string, string>) => twilioSignature(account.authToken, `${server.baseUrl}${path}`, fields)],
      ['a signature of other fields', (fields: Record<string, string>) => twilioSignature(account.authToken, account.publicUrl + path, { ...fields, Body: 'hi' })],
    ])('with %s: 403', async (_name, sign) => {
      const fields = text('STOP');
      const response = await postAsTwilio(server.baseUrl, path, fields, account, sign(fields));
      expect(response.status).toBe(403);
      expect(JSON.parse(response.text)).toMatchObject({ statusCode: 403, code: 'twilio_signature_invalid' });
      expect(await rowCounts(server)).toEqual(EMPTY);
    });

    it('refuses a correctly signed text for another Twilio account', async () => {
      const fields = { ...text('hello'), AccountSid: twilioSid('AC') };
      const response = await postAsTwilio(server.baseUrl, path, fields, account);
      expect(response.status).toBe(403);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'twilio_account_mismatch' });
      expect(await rowCounts(server)).toEqual(EMPTY);
    });

    it('refuses a signed text whose fields make no sense, naming them', async () => {
      const fields = { ...text('hello'), From: 'not a number', MessageSid: 'XX123' };
      const response = await postAsTwilio(server.baseUrl, path, fields, account);
      expect(response.status).toBe(400);
      const body = JSON.parse(response.text);
      expect(body.code).toBe('validation_failed');
      expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['From', 'MessageSid']);
      expect(await rowCounts(server)).toEqual(EMPTY);
    });

    it('refuses a signed WhatsApp message while WhatsApp is not set up, rather than answer it by SMS', async () => {
      const fields = inboundWhatsAppFields(account, { from: CUSTOMER, to: OUR_NUMBER, body: 'Hello' });
      const response = await postAsTwilio(server.baseUrl, path, fields, account);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'whatsapp_not_configured' });
      expect(await rowCounts(server)).toEqual(EMPTY);
    });

    it('checks delivery callbacks too', async () => {
      const fields = { MessageSid: twilioSid('SM'), MessageStatus: 'delivered', AccountSid: account.accountSid };
      const response = await postAsTwilio(server.baseUrl, '/webhooks/twilio/status', fields, account, 'forged');
      expect(response.status).toBe(403);
    });
  });

  it('stores a text, answers Twilio with empty TwiML, and has the bot answer by SMS', async () => {
    const fields = text('Hello');
    const response = await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    expect(response.text).toBe(EMPTY_TWIML);

    const db = server.app.get(DataSource);
    await eventually(async () =>
      expect(await db.query(`SELECT status FROM outbox_messages WHERE dedupe_key = 'sms:turn:${fields.MessageSid}'`)).toEqual([{ status: 'sent' }]),
    );
    const [greeting] = fake.sentTo(CUSTOMER);
    expect(greeting).toMatchObject({
      to: CUSTOMER,
      from: OUR_NUMBER,
      messagingServiceSid: null,
      statusCallback: `${account.publicUrl}/webhooks/twilio/status`,
    });
    const all = fake.sentTo(CUSTOMER).map((sms) => sms.body).join('\n');
    expect(all).toContain('Hello. I can help you make a complaint');
    expect(all).toMatch(/Reply 1 for Make a complaint, 2 for Check a complaint, 3 for Talk to a person or 4 for How it works\./);

    const [row] = await eventually(async () => {
      const rows = await db.query(`SELECT outcome, handled_at, conversation_key, payload FROM inbound_messages WHERE channel = 'sms' AND provider_id = '${fields.MessageSid}'`);
      expect(rows[0].handled_at).not.toBeNull();
      return rows;
    });
    expect(row).toMatchObject({ outcome: 'dialog', conversation_key: CUSTOMER });
    expect(JSON.parse(row.payload)).toMatchObject({ body: 'Hello', to: OUR_NUMBER });
  });

  it('recognises a text Twilio sends again and never runs the dialog twice', async () => {
    const from = '+447911000222';
    const fields = text('Hi there', { from });
    const first = await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account);
    expect(first.status).toBe(200);
    const db = server.app.get(DataSource);
    const turnReplies = () => db.query(`SELECT id, status FROM outbox_messages WHERE dedupe_key = 'sms:turn:${fields.MessageSid}'`);
    await eventually(async () => expect(await turnReplies()).toMatchObject([{ status: 'sent' }]));
    const sentBefore = fake.sentTo(from).length;
    const dialogStateBefore = await db.query(`SELECT etag FROM dialog_states WHERE id LIKE '%${from}%' ORDER BY id`);

    const again = await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account);
    expect(again.status).toBe(200);
    expect(again.text).toBe(EMPTY_TWIML);
    await server.app.get(InboundPipeline).drain();
    await server.app.get(OutboxRelay).drain();

    expect(Number((await db.query(`SELECT COUNT(*) AS n FROM inbound_messages WHERE channel = 'sms' AND conversation_key = '${from}'`))[0].n)).toBe(1);
    expect(await turnReplies()).toHaveLength(1);
    expect(fake.sentTo(from)).toHaveLength(sentBefore);
    expect(await db.query(`SELECT etag FROM dialog_states WHERE id LIKE '%${from}%' ORDER BY id`)).toEqual(dialogStateBefore);
  });

  it('works through a burst from one number one text at a time, without holding up another number', async () => {
    const busy = '+447911000333';
    const other = '+447911000444';
    const inbox = server.app.get(InboundPipeline);
    // texts stored while the inbox is stopped wait, as after a restart, so the burst is all there when it starts
    await inbox.beforeApplicationShutdown();
    const burst = Array.from({ length: 25 }, () => text('menu', { from: busy }));
    for (const fields of burst) expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', text('Hello', { from: other }), account)).status).toBe(200);
    inbox.onApplicationBootstrap();

    const db = server.app.get(DataSource);
    const handled = async (from: string) =>
      Number((await db.query(`SELECT COUNT(*) AS n FROM inbound_messages WHERE channel = 'sms' AND conversation_key = '${from}' AND outcome = 'dialog'`))[0].n);
    await eventually(async () => expect(await handled(busy)).toBe(burst.length));
    await server.app.get(OutboxRelay).drain();
    expect(await handled(other)).toBe(1);

    // every text of the burst had its own turn, each answered with the menu
    const menus = fake.sent.flatMap((sms, index) => (sms.to === busy && sms.body.includes('Reply 1 for') ? [index] : []));
    expect(menus).toHaveLength(burst.length);
    // the other number, whose text came after the whole burst, was answered while the burst had barely begun
    expect(fake.sent.findIndex((sms) => sms.to === other)).toBeLessThan(menus[2]);
  });
});

describe.each(dialects())('SMS without Twilio settings on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect, { PUBLIC_URL: 'https://redress.example.org' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it.each(['/webhooks/twilio/sms', '/webhooks/twilio/status'])('answers %s with 404 and a code, and does nothing', async (path) => {
    const account = { accountSid: twilioSid('AC'), authToken: 'whatever-token', publicUrl: 'https://redress.example.org' };
    const fields = inboundSmsFields(account, { from: CUSTOMER, to: OUR_NUMBER, body: 'Hello' });
    const response = await postAsTwilio(server.baseUrl, path, fields, account);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ statusCode: 404, code: 'sms_not_configured' });
    expect(await rowCounts(server)).toEqual(EMPTY);
  });
});

describe.each(dialects())('SMS sent through a Messaging Service on %s', (dialect) => {
  const account = testTwilioAccount('https://redress.example.org/');
  const messagingServiceSid = twilioSid('MG');
  let fake: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, {
      PUBLIC_URL: account.publicUrl,
      TWILIO_ACCOUNT_SID: account.accountSid,
      TWILIO_AUTH_TOKEN: account.authToken,
      TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
      TWILIO_API_URL: fake.url,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  it('sends from the service, not a number, and signs against PUBLIC_URL without its trailing slash', async () => {
    const signedFor = { ...account, publicUrl: 'https://redress.example.org' };
    const fields = inboundSmsFields(signedFor, { from: CUSTOMER, to: OUR_NUMBER, body: 'INFO', messagingServiceSid });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, signedFor)).status).toBe(200);
    const [sms] = await fake.waitForSent(1);
    expect(sms).toMatchObject({ to: CUSTOMER, from: null, messagingServiceSid, statusCallback: 'https://redress.example.org/webhooks/twilio/status' });
    expect(sms.body).toContain('complaints');
  });
});
