import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CustomerAndStaff, OUR_NUMBER } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import type { SentSms } from './support/fake-twilio.js';
import { inboundWhatsAppFields, postAsTwilio, statusCallbackFields, twilioSignature } from './support/twilio-webhooks.js';

/** Our WhatsApp sender, apart from the SMS number. */
const OUR_WHATSAPP = '+447700900999';
const STATUS_TEMPLATE = `HX${'a1'.repeat(16)}`;

/** A customer on WhatsApp: writes through the signed webhook and reads what the fake Twilio was asked to send them. */
class WhatsAppCustomer {
  private read = 0;

  constructor(
    private readonly world: CustomerAndStaff,
    readonly number: string,
  ) {}

  get address(): string {
    return `whatsapp:${this.number}`;
  }

  /** Sends a message and waits until its turn is handled and what it owed was handed to Twilio (or refused). */
  async write(body: string, extra: Partial<Parameters<typeof inboundWhatsAppFields>[1]> = {}): Promise<SentSms[]> {
    const fields = inboundWhatsAppFields(this.world.account, { from: this.number, to: OUR_WHATSAPP, body, ...extra });
    const response = await postAsTwilio(this.world.server.baseUrl, '/webhooks/twilio/sms', fields, this.world.account);
    if (response.status !== 200) throw new Error(`The webhook answered ${response.status}: ${response.text}`);
    const db = this.world.server.app.get(DataSource);
    await eventually(async () => {
      const [inbound] = await db.query(`SELECT handled_at FROM inbound_messages WHERE channel = 'whatsapp' AND provider_id = '${fields.MessageSid}'`);
      if (!inbound?.handled_at) throw new Error('not handled yet');
      const owed = await db.query(
        `SELECT status FROM outbox_messages WHERE dedupe_key IN ('whatsapp:turn:${fields.MessageSid}', 'whatsapp:keyword:${fields.MessageSid}')`,
      );
      if (owed.some((row: { status: string }) => row.status === 'pending' || row.status === 'sending')) throw new Error('not sent yet');
    });
    return this.newMessages();
  }

  newMessages(): SentSms[] {
    const all = this.world.twilio.sentTo(this.address);
    const fresh = all.slice(this.read);
    this.read = all.length;
    return fresh;
  }
}

const said = (messages: SentSms[]) => messages.map((message) => message.body).join('\n');

describe.each(dialects())('WhatsApp through Twilio on %s', (dialect) => {
  let world: CustomerAndStaff;
  let db: DataSource;
  let dir: string;
  let sam: WhatsAppCustomer;
  let reference: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-whatsapp-'));
    const templates = join(dir, 'whatsapp-templates.yaml');
    // status updates have an approved template; staff replies have none
    writeFileSync(templates, `status.:\n  contentSid: ${STATUS_TEMPLATE}\n  variables:\n    "1": reference\n`);
    world = await CustomerAndStaff.start(dialect, { TWILIO_WHATSAPP_NUMBER: OUR_WHATSAPP, WHATSAPP_TEMPLATES_FILE: templates });
    db = world.server.app.get(DataSource);
    sam = new WhatsAppCustomer(world, '+447911123456');
  });

  afterAll(async () => {
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const p = (n: number) => (db.options.type === 'postgres' ? `$${n}` : '?');
  const outbox = (kind: string, ref: string) =>
    db.query(
      `SELECT id, status, last_error AS "lastError", provider_id AS "providerId" FROM outbox_messages WHERE channel = 'whatsapp' AND kind = ${p(1)} AND reference = ${p(2)} ORDER BY created_at, id`,
      [kind, ref],
    );

  it('refuses a forged WhatsApp message, and keeps nothing of it', async () => {
    const path = '/webhooks/twilio/sms';
    const fields = inboundWhatsAppFields(world.account, { from: '+447911000001', to: OUR_WHATSAPP, body: 'Hello' });
    for (const signature of [null, twilioSignature('another-token', world.account.publicUrl + path, fields)]) {
      const response = await postAsTwilio(world.server.baseUrl, path, fields, world.account, signature);
      expect(response.status).toBe(403);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'twilio_signature_invalid' });
    }
    expect(await db.query(`SELECT id FROM inbound_messages WHERE channel = 'whatsapp'`)).toEqual([]);
  });

  it('answers a WhatsApp message on WhatsApp, from our WhatsApp sender, never by SMS', async () => {
    const replies = await sam.write('Hello');
    expect(replies.length).toBeGreaterThan(0);
    for (const message of replies) {
      expect(message).toMatchObject({
        to: `whatsapp:${sam.number}`,
        from: `whatsapp:${OUR_WHATSAPP}`,
        statusCallback: `${world.account.publicUrl}/webhooks/twilio/status`,
      });
    }
    // four choices are more than WhatsApp's three buttons: numbered, as on SMS
    expect(said(replies)).toMatch(/Reply 1 for Make a complaint, 2 for Check a complaint, 3 for Talk to a person or 4 for How it works\./);
    expect(world.twilio.sentTo(sam.number)).toEqual([]);
    const [row] = await db.query(`SELECT conversation_key AS "key", outcome FROM inbound_messages WHERE channel = 'whatsapp'`);
    expect(row).toEqual({ key: sam.number, outcome: 'dialog' });
  });

  it('takes a complaint, with quick-reply buttons for a question WhatsApp can show them for, tapped or typed', async () => {
    expect(said(await sam.write('1'))).toContain('Please tell me what happened.');
    expect(said(await sam.write('My parcel was marked delivered on Monday but it never arrived.'))).toMatch(/Reply 1 for Delivery, 2 for Billing/);
    expect(said(await sam.write('delivery'))).toContain('When did it happen?');
    expect(said(await sam.write('yesterday'))).toContain('What would put it right for you?');

    const asked = await sam.write('A refund, please');
    const question = asked[asked.length - 1];
    expect(question.contentSid).toMatch(/^HX[0-9a-f]{32}$/);
    const content = world.twilio.contents.find((created) => created.sid === question.contentSid)!;
    expect(content.types['twilio/quick-reply'].actions).toEqual([
      { title: 'Here on WhatsApp', id: 'Here on WhatsApp' },
      { title: 'A phone number', id: 'A phone number' },
    ]);
    // the buttons replace the numbered list; the question is the body above them
    expect(question.body).toContain('How should we keep you updated?');
    expect(question.body).not.toContain('Reply 1');
    expect(question.contentVariables).toEqual({ '1': question.body });

    const summary = said(await sam.write('Here on WhatsApp', { button: { text: 'Here on WhatsApp', payload: 'Here on WhatsApp', repliedTo: question.sid } }));
    expect(summary).toContain('Here is your complaint.');
    expect(summary).toContain('here on WhatsApp');

    const filed = said(await sam.write('1'));
    expect(filed).toContain('Thank you. Your complaint is recorded.');
    reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(filed)![1];
    const complaint = await world.complaint(reference);
    expect(complaint).toMatchObject({ channel: 'whatsapp', contact: { kind: 'whatsapp', masked: '+44 •••• ••• 456' } });
    // staff see the channel by name in Slack, and the number masked
    await eventually(async () => {
      const posted = JSON.stringify(world.slack.of('chat.postMessage').filter((call) => JSON.stringify(call.args).includes(reference)));
      expect(posted).toContain('WhatsApp');
      expect(posted).not.toContain(sam.number);
    });
  }, 60_000);

  it('outside the 24-hour window sends only the mapped template, and records a message with none as not sent, with the reason', async () => {
    // the customer last wrote more than a day ago
    world.server.clock.set(new Date(world.server.clock.now().getTime() + 25 * 60 * 60 * 1000).toISOString());
    const before = world.twilio.sentTo(sam.address).length;
    await world.act(reference, { action: 'acknowledge' });
    const [update] = await eventually(async () => {
      const rows = await outbox('status_update', reference);
      const last = rows[rows.length - 1];
      expect(last.status).toBe('sent');
      return [last];
    });
    const sent = world.twilio.sentTo(sam.address).slice(before);
    expect(sent.map((message) => message.sid)).toContain(update.providerId);
    const template = sent.find((message) => message.sid === update.providerId)!;
    expect(template).toMatchObject({ contentSid: STATUS_TEMPLATE, contentVariables: { '1': reference } });

    const replied = await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'We have found your parcel.' } });
    expect(replied.status).toBe(201);
    const [failed] = await eventually(async () => {
      const rows = await outbox('staff_reply', reference);
      expect(rows[rows.length - 1]?.status).toBe('failed');
      return rows.slice(-1);
    });
    expect(failed.lastError).toContain("outside WhatsApp's 24-hour window");
    expect(failed.lastError).toContain('no template is mapped for staff_reply');
    // never as free text
    expect(said(world.twilio.sentTo(sam.address))).not.toContain('We have found your parcel.');
    const history = await world.history(reference);
    expect(history.filter((event) => event.type === 'message.delivery_failed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ channel: 'whatsapp', kind: 'staff_reply', contact: '+44 •••• ••• 456', error: failed.lastError }) }),
    ]);
    await eventually(async () => {
      const posts = world.slack.of('chat.postMessage').filter((call) => String(call.args.text) === `Not delivered to the customer (${reference})`);
      expect(posts).toHaveLength(1);
      expect(JSON.stringify(posts[0].args.blocks)).toContain('a staff reply by WhatsApp to +44 •••• ••• 456 could not be delivered');
    });

    // once the customer writes again, free text goes
    await sam.write('Any news?');
    const again = await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'It is on its way back to you.' } });
    expect(again.status).toBe(201);
    await eventually(async () => expect(said(world.twilio.sentTo(sam.address))).toContain('It is on its way back to you.'));
  }, 60_000);

  it("settles Twilio's later WhatsApp error through the same path, with the error's meaning", async () => {
    const rows = await outbox('status_update', reference);
    const { id, providerId } = rows[rows.length - 1];
    const fields = statusCallbackFields(world.account, { messageSid: providerId, status: 'failed', to: sam.address, from: `whatsapp:${OUR_WHATSAPP}`, errorCode: '63016' });
    const answered = await postAsTwilio(world.server.baseUrl, '/webhooks/twilio/status', fields, world.account);
    expect(answered.status).toBe(204);
    await eventually(async () => {
      const [row] = await db.query(`SELECT status, last_error AS "lastError" FROM outbox_messages WHERE id = ${p(1)}`, [id]);
      expect(row).toEqual({ status: 'failed', lastError: "Twilio 63016 (outside WhatsApp's 24-hour customer-service window, where only an approved template may be sent): failed" });
    });
  });

  it('takes the words of a message that comes with a photo as WhatsApp, and answers them', async () => {
    const kim = new WhatsAppCustomer(world, '+447911000777');
    const replies = await kim.write('Hello', {
      media: [{ url: `https://api.twilio.com/2010-04-01/Accounts/${world.account.accountSid}/Messages/MM0/Media/ME0`, contentType: 'image/jpeg' }],
    });
    expect(said(replies)).toContain('What would you like to do?');
    const [row] = await db.query(`SELECT outcome FROM inbound_messages WHERE channel = 'whatsapp' AND conversation_key = ${p(1)}`, [kim.number]);
    expect(row).toEqual({ outcome: 'dialog' });
  });

  it('after STOP on WhatsApp sends the number nothing more, on WhatsApp or by SMS, until START', async () => {
    const stop = said(await sam.write('STOP'));
    expect(stop).toContain('you will get no more messages from us on this number, on WhatsApp or by text. Reply START to get them again.');
    const before = world.twilio.sent.length;
    await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'Are you still there?' } });
    await eventually(async () => {
      // the reply's words are kept in its history event, which its outbox row names (`textOf`)
      const [event] = await db.query(`SELECT id FROM case_events WHERE type = 'message.sent_to_customer' AND data LIKE '%Are you still there?%'`);
      const rows = await db.query(
        `SELECT status, last_error AS "lastError" FROM outbox_messages WHERE channel = 'whatsapp' AND kind = 'staff_reply'
         AND (payload LIKE '%"textOf":${event?.id}}%' OR payload LIKE '%"textOf":${event?.id},%')`,
      );
      expect(rows).toEqual([{ status: 'failed', lastError: 'recipient opted out' }]);
    });
    // the same number by SMS
    const byText = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: sam.number }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    await eventually(async () => {
      const rows = await db.query(`SELECT status, last_error AS "lastError" FROM outbox_messages WHERE channel = 'sms' AND reference = ${p(1)}`, [byText.body.reference]);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toEqual({ status: 'failed', lastError: 'recipient opted out' });
    });
    expect(world.twilio.sent.slice(before)).toEqual([]);
    expect(said(await sam.write('START'))).toContain('you will get our messages again');
    expect(world.twilio.sentTo(OUR_NUMBER)).toEqual([]);
    const help = said(await sam.write('HELP'));
    expect(help).toContain('To make a complaint or check on one, send any message here and answer the questions.');
    expect(help).toContain(`${world.account.publicUrl}/code-of-conduct`);
    expect(help).toContain('Reply STOP to get no more messages from us.');
  }, 60_000);

  it('exports what it holds of a WhatsApp customer, found by their number as staff have it', async () => {
    const answer = await world.server.request('POST', '/api/privacy/exports', {
      headers: { 'x-staff-id': 'sup-1', 'x-staff-role': 'supervisor' },
      body: { contact: { kind: 'whatsapp', value: '07911 123456' }, reason: 'Subject access request' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ contact: { kind: 'whatsapp', value: sam.number } });
    expect(answer.body.conversations).toContain(`whatsapp:${sam.number}`);
    const exported = JSON.stringify(answer.body);
    expect(exported).toContain(reference);
    expect(exported).toContain('A refund, please');
  });
});
