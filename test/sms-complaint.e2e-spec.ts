import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { fitsOneSegment } from '../adapters/sms/sms-segments.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio, twilioSid } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { postAsTwilio, smsSettings, statusCallbackFields, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };

describe.each(dialects())('complaints by SMS on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;
  let sam: SmsCustomer;
  /** A complaint staff recorded for the same customer, by phone: updates about it go to them by text. */
  let apiReference: string;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, {
      ...smsSettings(account, fake.url, OUR_NUMBER),
    });
    db = server.app.get(DataSource);
    sam = new SmsCustomer(server, fake, account, '+447911123456', OUR_NUMBER);
    const created = await server.request('POST', '/api/complaints', {
      body: {
        channel: 'api',
        contact: { kind: 'phone', value: '+44 7911 123456' },
        category: 'billing',
        description: 'I was charged twice for one order.',
        acknowledge: true,
      },
    });
    expect(created.status).toBe(201);
    apiReference = created.body.reference;
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const said = (replies: string[]) => replies.join('\n');

  const outboxFor = (ref: string) =>
    db.query(`SELECT kind, status, last_error AS "lastError", provider_id AS "providerId" FROM outbox_messages WHERE reference = '${ref}' AND channel = 'sms' ORDER BY created_at, id`);

  /** Waits until the relay has settled every text about the case: handed over, or given up. */
  const settled = (ref: string) =>
    eventually(async () => {
      const rows = await outboxFor(ref);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(['sent', 'delivered', 'failed']).toContain(row.status);
      return rows;
    });

  it('takes a whole complaint by text and sends its reference', async () => {
    expect(said((await sam.text('Hello')).replies)).toMatch(/What would you like to do\?\nReply 1 for Make a complaint, 2 for Check a complaint/);
    expect(said((await sam.text('1')).replies)).toContain('Please tell me what happened.');
    const category = said((await sam.text('My parcel was marked delivered on Monday but it never arrived, and nobody answers the phone.')).replies);
    expect(category).toMatch(/What is your complaint about\?\nReply 1 for Delivery, 2 for Billing, 3 for Service, .* or 7 for Something else\./s);
    // the word works as well as the number
    expect(said((await sam.text('delivery')).replies)).toContain('When did it happen?');
    expect(said((await sam.text('yesterday')).replies)).toContain('What would put it right for you?');
    expect(said((await sam.text('A refund, please')).replies)).toContain('Reply 1 for By text to this number or 2 for A phone number.');
    const summary = said((await sam.text('1')).replies);
    expect(summary).toContain('Here is your complaint.');
    expect(summary).toContain('Shall I send it?');
    // too long for one text as a sentence, so one choice a line
    expect(summary).toContain('Reply with a number:\n1: Send it\n2: Change what happened\n');

    const filed = await sam.text('1');
    const text = said(filed.replies);
    expect(text).toContain('Thank you. Your complaint is recorded.');
    const match = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(text);
    expect(match).not.toBeNull();
    const reference = match![1];

    for (const sms of fake.sentTo(sam.number)) {
      expect(sms.from).toBe(OUR_NUMBER);
      expect(sms.body).not.toMatch(/\*\*|__|\]\(/);
      if (/\s/.test(sms.body)) expect(fitsOneSegment(sms.body)).toBe(true);
    }

    const complaint = await server.request('GET', `/api/complaints/${reference}`);
    expect(complaint.status).toBe(200);
    expect(complaint.body).toMatchObject({
      reference,
      status: 'received',
      channel: 'sms',
      category: 'delivery',
      contact: { kind: 'phone', masked: '+44 •••• ••• 456' },
    });
    expect(await db.query(`SELECT outcome FROM inbound_messages WHERE channel = 'sms' AND conversation_key = '${sam.number}' AND outcome <> 'dialog'`)).toEqual([]);
  }, 30_000);

  it('tells where a complaint about this number stands when asked by text', async () => {
    // whatever the conversation was doing, it starts again from the menu
    expect(said((await sam.text('start again')).replies)).toContain('What would you like to do?');
    expect(said((await sam.text('2')).replies)).toMatch(/reference/);
    const status = said((await sam.text(apiReference)).replies);
    expect(status).toContain(`Complaint ${apiReference}.`);
    expect(status).toContain('We have received your complaint and our team is dealing with it.');
  });

  it('records what Twilio reports of each text', async () => {
    const [turn] = await db.query(
      `SELECT id FROM outbox_messages WHERE kind = 'dialog_reply' AND recipient LIKE '%${sam.number}%' ORDER BY created_at DESC, id LIMIT 1`,
    );
    const parts = await db.query(`SELECT message_sid AS sid FROM sms_deliveries WHERE outbox_message_id = '${turn.id}' ORDER BY part`);
    expect(parts.length).toBeGreaterThan(0);
    const report = async (sid: string, status: string, errorCode?: string) => {
      const fields = statusCallbackFields(account, { messageSid: sid, status, to: sam.number, from: OUR_NUMBER, errorCode });
      const response = await postAsTwilio(server.baseUrl, '/webhooks/twilio/status', fields, account);
      expect(response.status).toBe(204);
    };
    const outboxStatus = async (id: string) => (await db.query(`SELECT status, last_error FROM outbox_messages WHERE id = '${id}'`))[0];

    for (const { sid } of parts) await report(sid, 'sent');
    expect(await outboxStatus(turn.id)).toMatchObject({ status: 'sent' });
    // Twilio may report out of order: a late "sent" does not undo "delivered"
    for (const { sid } of parts) await report(sid, 'delivered');
    await report(parts[0].sid, 'sent');
    expect(await outboxStatus(turn.id)).toMatchObject({ status: 'delivered', last_error: null });
    expect(await db.query(`SELECT DISTINCT provider_status AS status FROM sms_deliveries WHERE outbox_message_id = '${turn.id}'`)).toEqual([{ status: 'delivered' }]);

    const help = await sam.text('HELP');
    expect(help.replies.length).toBeGreaterThan(0);
    const [helpRow] = await db.query(`SELECT id FROM outbox_messages WHERE dedupe_key = 'sms:keyword:${help.messageSid}'`);
    const [helpSid] = await db.query(`SELECT message_sid AS sid FROM sms_deliveries WHERE outbox_message_id = '${helpRow.id}' ORDER BY part`);
    await report(helpSid.sid, 'undelivered', '30003');
    expect(await outboxStatus(helpRow.id)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('30003') });
    expect(await db.query(`SELECT provider_status AS status, error_code AS code FROM sms_deliveries WHERE message_sid = '${helpSid.sid}'`)).toEqual([
      { status: 'undelivered', code: '30003' },
    ]);

    // a callback for a text we never sent is taken and ignored
    await report(twilioSid('SM'), 'delivered');
  });

  it('answers HELP with how to complain, the other routes and the code of conduct', async () => {
    const help = said((await sam.text('help')).replies);
    expect(help).toContain('To make a complaint or check on one');
    expect(help).toContain('Email: complaints@example.com.');
    expect(help).toContain(`${account.publicUrl}/code-of-conduct`);
    expect(help).toContain('STOP');
  });

  it('sends nothing more after STOP, not even staff replies or status updates, until START', async () => {
    // what was owed before (the acknowledgement of the complaint staff keyed in) went out before the customer opted out
    const owedBefore = new Set((await db.query(`SELECT id FROM outbox_messages WHERE reference = '${apiReference}'`)).map((row: { id: string }) => row.id));
    const stop = await sam.text('Stop');
    expect(said(stop.replies)).toContain('you will get no more texts from us');
    expect(await db.query(`SELECT phone_number AS "phoneNumber", keyword FROM sms_opt_outs`)).toEqual([{ phoneNumber: sam.number, keyword: 'STOP' }]);

    const reply = await server.request('POST', `/api/complaints/${apiReference}/replies`, { body: { text: 'We have found your parcel.' } });
    expect(reply.status).toBe(201);
    const assessed = await server.request('POST', `/api/complaints/${apiReference}/actions`, { body: { action: 'assess', assessment: ASSESSMENT } });
    expect(assessed.status).toBe(200);
    await settled(apiReference);
    const rows = (await db.query(`SELECT id, kind, status, last_error AS "lastError" FROM outbox_messages WHERE reference = '${apiReference}' AND channel = 'sms'`)).filter(
      (row: { id: string }) => !owedBefore.has(row.id),
    );
    const afterStop = rows.filter((row: { kind: string }) => row.kind === 'staff_reply' || row.kind === 'status_update');
    expect(afterStop.map((row: { kind: string }) => row.kind).sort()).toEqual(['staff_reply', 'status_update']);
    for (const row of afterStop) expect(row).toMatchObject({ status: 'failed', lastError: 'recipient opted out' });

    // the dialog does not answer either: nothing it said could be sent
    expect((await sam.text('Hello?')).replies).toEqual([]);
    expect(sam.newTexts()).toEqual([]);

    const start = await sam.text('START');
    expect(said(start.replies)).toContain('you will get our texts again');
    expect(await db.query(`SELECT * FROM sms_opt_outs`)).toEqual([]);

    await server.request('POST', `/api/complaints/${apiReference}/replies`, { body: { text: 'Your refund is on its way.' } });
    await fake.waitForSent(fake.sent.length + 1);
    await settled(apiReference);
    expect(sam.newTexts()).toEqual(['Complaints team: Your refund is on its way.']);
  });

  it('gives up at once on a number Twilio cannot send to, and retries when Twilio is down', async () => {
    // a staff reply's words are kept in its history event, which its outbox row names (`textOf`)
    const textRow = async (words: string) => {
      const [event] = await db.query(`SELECT id FROM case_events WHERE type = 'message.sent_to_customer' AND data LIKE '%${words}%'`);
      if (!event) return [];
      return db.query(
        `SELECT status, last_error AS "lastError", next_attempt_at AS "nextAttemptAt" FROM outbox_messages
         WHERE kind = 'staff_reply' AND (payload LIKE '%"textOf":${event.id}}%' OR payload LIKE '%"textOf":${event.id},%')`,
      );
    };

    fake.failNext({ status: 400, code: 21211, message: `The 'To' number ${sam.number} is not a valid phone number.` });
    await server.request('POST', `/api/complaints/${apiReference}/replies`, { body: { text: 'First try.' } });
    const [refused] = await eventually(async () => {
      const found = await textRow('First try.');
      expect(found[0].status).toBe('failed');
      return found;
    });
    // the number Twilio quoted back is masked before it is kept
    expect(refused.lastError).toBe(`Twilio 21211: The 'To' number +44 •••• ••• 456 is not a valid phone number.`);

    fake.failNext({ status: 503, code: 20503, message: 'Service unavailable' });
    await server.request('POST', `/api/complaints/${apiReference}/replies`, { body: { text: 'Second try.' } });
    const [pending] = await eventually(async () => {
      const found = await textRow('Second try.');
      expect(found).toMatchObject([{ status: 'pending', lastError: 'Twilio 20503: Service unavailable' }]);
      return found;
    });
    server.clock.set(pending.nextAttemptAt);
    await server.app.get(OutboxRelay).drain();
    expect(await textRow('Second try.')).toMatchObject([{ status: 'sent', lastError: null }]);
    expect(sam.newTexts()).toEqual(['Complaints team: Second try.']);
  });
});
