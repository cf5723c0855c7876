import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RetentionSweep } from '../src/privacy/retention-sweep.js';
import { databaseFileText } from './support/database-files.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

const OUR_NUMBER = '+447700900123';
const MENU = /What would you like to do\?/;
const DESCRIBE = /Please tell me what happened/;
const SUPERVISOR = { 'x-staff-id': 'sup-1', 'x-staff-role': 'supervisor' };
const HANDLER = { 'x-staff-id': 'han-1', 'x-staff-role': 'handler' };

/** Phrases only one customer ever wrote, to find their words wherever they may have been kept. */
const OPEN_CASE_WORDS = 'heliotrope-saucepan-4410';
const ABANDONED_TEXT_WORDS = 'quixotic-lantern-5521';
const ABANDONED_CHAT_WORDS = 'marzipan-viaduct-7304';
const CASE_CHAT_WORDS = 'tangerine-wardrobe-9026';
const ASKED_CHAT_WORDS = 'periwinkle-anvil-1187';

describe.each(dialects())('privacy on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;
  /** Has an open complaint, recorded by staff, and texted about it. */
  let keeper: SmsCustomer;
  let keeperReference: string;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, smsSettings(account, fake.url, OUR_NUMBER));
    db = server.app.get(DataSource);
    keeper = new SmsCustomer(server, fake, account, '+447911000222', OUR_NUMBER);
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 000222' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    keeperReference = filed.body.reference;
    await keeper.text(`About my bill: ${OPEN_CASE_WORDS}`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  describe('export', () => {
    it('gives a supervisor everything held about a customer, found by their number as staff would type it', async () => {
      const answer = await server.request('POST', '/api/privacy/exports', {
        headers: SUPERVISOR,
        body: { contact: { kind: 'phone', value: '07911 000222' }, reason: 'Subject access request 2026-41' },
      });
      expect(answer.status).toBe(200);
      const exported = answer.body;
      expect(exported).toMatchObject({ exportedBy: 'sup-1', contact: { kind: 'phone', value: '+447911000222' }, conversations: ['sms:+447911000222'] });

      const [complaint] = exported.sections.complaints.complaints;
      // unmasked, unlike everywhere else staff see it
      expect(complaint).toMatchObject({ reference: keeperReference, contact: { kind: 'phone', value: '+447911000222' }, description: 'Charged twice.' });
      expect(complaint.history.integrity).toMatchObject({ intact: true });
      expect(complaint.history.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['complaint.received', 'complaint.acknowledged']));

      const texts = exported.sections.inbound.messages;
      expect(texts.map((t: { payload: { body: string } }) => t.payload.body)).toEqual([`About my bill: ${OPEN_CASE_WORDS}`]);
      expect(texts[0]).toMatchObject({ channel: 'sms', conversationKey: '+447911000222', payload: { to: OUR_NUMBER } });

      // what Redress wrote to them: the acknowledgement of the case and the reply to their text
      const owed = exported.sections.complaints.outboxMessages;
      expect(owed.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['dialog_reply']));
      expect(owed.every((m: { reference: string | null; conversation: string | null }) => m.reference === keeperReference || m.conversation === 'sms:+447911000222')).toBe(true);
      expect(exported.sections.sms.deliveries.length).toBeGreaterThan(0);
      expect(exported.sections.complaints.dialogStates.map((s: { key: string }) => s.key)).toContain('sms/conversations/+447911000222/');
    }, 30_000);

    it('records each export in the case history, which still verifies', async () => {
      const history = await server.request('GET', `/api/complaints/${keeperReference}/history`);
      expect(history.status).toBe(200);
      expect(history.body.integrity).toMatchObject({ intact: true });
      const exports = history.body.events.filter((e: { type: string }) => e.type === 'contact.exported');
      expect(exports).toMatchObject([{ actor: 'staff:sup-1', reason: 'Subject access request 2026-41', data: { sections: expect.arrayContaining(['complaints', 'sms', 'webchat']) } }]);
      // the record says who exported, not whose data it was
      expect(JSON.stringify(exports)).not.toContain('7911000222');
    });

    it('exports a web chat conversation with its whole transcript', async () => {
      const chat = await DirectLineClient.start(server.baseUrl);
      await chat.waitForBot(MENU);
      await chat.answer(`Just asking: ${ASKED_CHAT_WORDS}`, /./);
      const answer = await server.request('POST', '/api/privacy/exports', {
        headers: SUPERVISOR,
        body: { contact: { kind: 'webchat', value: chat.conversationId } },
      });
      expect(answer.status).toBe(200);
      const [conversation] = answer.body.sections.webchat.conversations;
      expect(conversation.id).toBe(chat.conversationId);
      const said = conversation.activities.filter((a: { inbound: boolean }) => a.inbound).map((a: { activity: { text?: string } }) => a.activity.text);
      expect(said).toContain(`Just asking: ${ASKED_CHAT_WORDS}`);
      expect(conversation.activities.some((a: { inbound: boolean; activity: { text?: string } }) => !a.inbound && MENU.test(a.activity.text ?? ''))).toBe(true);
      expect(answer.body.sections.complaints.complaints).toEqual([]);
      // the dialogs' state of the conversation and of its user, whose key only the web chat adapter knows
      const states = answer.body.sections.complaints.dialogStates.map((s: { key: string }) => s.key);
      expect(states).toEqual(expect.arrayContaining([`webchat/conversations/${chat.conversationId}/`, `webchat/users/${conversation.userId}/`]));
    }, 30_000);

    it('refuses a handler, and a contact it cannot read', async () => {
      const refused = await server.request('POST', '/api/privacy/exports', { headers: HANDLER, body: { contact: { kind: 'phone', value: '+447911000222' } } });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'privacy_export_needs_supervisor' });
      expect(JSON.stringify(refused.body)).not.toContain(OPEN_CASE_WORDS);

      const unreadable = await server.request('POST', '/api/privacy/exports', { headers: SUPERVISOR, body: { contact: { kind: 'phone', value: '12' } } });
      expect(unreadable.status).toBe(400);
      expect(unreadable.body.fields).toEqual([expect.objectContaining({ field: 'contact.value' })]);

      const history = await server.request('GET', `/api/complaints/${keeperReference}/history`);
      expect(history.body.events.filter((e: { type: string }) => e.type === 'contact.exported')).toHaveLength(1);
    });
  });

  describe('retention', () => {
    it('lets go of chats and texts that never became a complaint, and keeps an open complaint’s', async () => {
      // what the published code of conduct tells customers, and what this test holds Redress to
      const page = await server.request('GET', '/code-of-conduct', { auth: false });
      expect(page.text).toContain('If a web chat with us does not become a complaint, we delete it after 30 days with no new message in it.');
      expect(page.text).toContain('We delete the text messages you send us 90 days after we have dealt with them, unless you have a complaint with us that is still open.');

      // Someone who texts, starts a complaint, and never finishes it.
      const passerBy = new SmsCustomer(server, fake, account, '+447911555777', OUR_NUMBER);
      expect((await passerBy.text('Hello')).replies.join('\n')).toMatch(MENU);
      expect((await passerBy.text('1')).replies.join('\n')).toMatch(DESCRIBE);
      await passerBy.text(`The kettle I bought broke: ${ABANDONED_TEXT_WORDS}`);

      // Someone who asks something in web chat and leaves.
      const leaver = await DirectLineClient.start(server.baseUrl);
      await leaver.waitForBot(MENU);
      await leaver.answer(`Just wondering: ${ABANDONED_CHAT_WORDS}`, /./);

      // Someone whose web chat became a complaint.
      const caseChat = await DirectLineClient.start(server.baseUrl);
      await caseChat.waitForBot(MENU);
      await caseChat.answer(`My order is late: ${CASE_CHAT_WORDS}`, /./);
      const filed = await server.request('POST', '/api/complaints', {
        body: { channel: 'webchat', contact: { kind: 'webchat', value: caseChat.conversationId }, category: 'delivery', description: 'Late order.', acknowledge: true },
      });
      expect(filed.status).toBe(201);

      const everything = () => databaseFileText(server.config.DATA_DIR);
      if (dialect === 'sqlite') {
        expect(everything()).toContain(ABANDONED_TEXT_WORDS);
        expect(everything()).toContain(ABANDONED_CHAT_WORDS);
        expect(everything()).toContain('7911555777');
      }

      // A day later nothing is old enough to go.
      const sweep = server.app.get(RetentionSweep);
      server.clock.set('2026-03-03T10:30:00.000Z');
      expect(await sweep.run()).toMatchObject({ inbound: { messages: 0 }, webchat: { conversations: 0 }, complaints: { dialogStates: 0 } });
      expect(await db.query(`SELECT id FROM inbound_messages WHERE conversation_key = '+447911555777'`)).toHaveLength(3);

      // Ninety-one days on: the chat of the one who left goes, and the texts and dialog state of the one who never finished.
      server.clock.set('2026-06-01T10:30:00.000Z');
      const report = await sweep.run();
      // the three texts, and the chat messages' turns
      expect(report.inbound.messages).toBeGreaterThan(3);
      expect(report.webchat.conversations).toBeGreaterThanOrEqual(1);
      expect(report.complaints.dialogStates).toBeGreaterThanOrEqual(2);
      // a second run finds nothing more
      expect(await sweep.run()).toMatchObject({ inbound: { messages: 0 }, webchat: { conversations: 0, activities: 0 }, complaints: { dialogStates: 0, outboxMessages: 0 } });

      expect(await db.query(`SELECT id FROM inbound_messages WHERE conversation_key = '+447911555777'`)).toEqual([]);
      expect(await db.query(`SELECT id FROM dialog_states WHERE id LIKE '%+447911555777%'`)).toEqual([]);
      expect(await db.query(`SELECT id FROM outbox_messages WHERE conversation = 'sms:+447911555777'`)).toEqual([]);
      expect(await db.query(`SELECT id FROM webchat_activities WHERE body LIKE '%${ABANDONED_CHAT_WORDS}%'`)).toEqual([]);

      // The open complaint keeps its customer's texts, and the chat that became a complaint keeps its transcript.
      expect(await db.query(`SELECT payload FROM inbound_messages WHERE payload LIKE '%${OPEN_CASE_WORDS}%'`)).toHaveLength(1);
      expect(await db.query(`SELECT id FROM webchat_activities WHERE body LIKE '%${CASE_CHAT_WORDS}%'`)).toHaveLength(1);
      const kept = await server.request('POST', '/api/privacy/exports', { headers: SUPERVISOR, body: { contact: { kind: 'phone', value: '+447911000222' } } });
      expect(kept.body.sections.inbound.messages).toHaveLength(1);
      const history = await server.request('GET', `/api/complaints/${keeperReference}/history`);
      expect(history.body.integrity).toMatchObject({ intact: true });

      if (dialect === 'sqlite') {
        // Not a row, not a stale page, not a frame of the write-ahead log: the sweep zeroes what it deletes
        // (secure_delete) and folds the log into the file, so the bytes on disk no longer hold them.
        const bytes = everything();
        expect(bytes).not.toContain(ABANDONED_TEXT_WORDS);
        expect(bytes).not.toContain(ABANDONED_CHAT_WORDS);
        expect(bytes).not.toContain('7911555777');
        expect(bytes).toContain(OPEN_CASE_WORDS);
        expect(bytes).toContain(CASE_CHAT_WORDS);
      }
    }, 60_000);

    it('sweeps when Redress starts, so days it was down are caught up at once', async () => {
      const caller = new SmsCustomer(server, fake, account, '+447911333444', OUR_NUMBER);
      await caller.text('Hello');
      expect(await db.query(`SELECT id FROM inbound_messages WHERE conversation_key = '+447911333444'`)).toHaveLength(1);

      server.clock.set('2026-09-15T10:30:00.000Z');
      await server.restart();
      db = server.app.get(DataSource);
      await eventually(async () => {
        expect(await db.query(`SELECT id FROM inbound_messages WHERE conversation_key = '+447911333444'`)).toEqual([]);
        expect(await db.query(`SELECT id FROM dialog_states WHERE id LIKE '%+447911333444%'`)).toEqual([]);
      });
      expect(await db.query(`SELECT payload FROM inbound_messages WHERE payload LIKE '%${OPEN_CASE_WORDS}%'`)).toHaveLength(1);
    }, 60_000);
  });
});
