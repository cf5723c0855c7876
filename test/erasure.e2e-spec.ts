import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditIntegrity } from '../src/audit/audit-integrity.js';
import { CaseHistory } from '../src/audit/case-history.js';
import { GENESIS_HASH, hashEvent } from '../src/audit/hash-chain.js';
import { SQLITE_ERASURE_ONLY } from '../src/database/migrations/1764340000001-case-event-erasure.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { RetentionSweep } from '../src/privacy/retention-sweep.js';
import { databaseFileText } from './support/database-files.js';
import { dialects, type Dialect } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { runCommand } from './support/server-process.js';
import { SmsCustomer } from './support/sms-customer.js';
import { databaseEnv, startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

const OUR_NUMBER = '+447700900123';
const SUPERVISOR = { 'x-staff-id': 'sup-1', 'x-staff-role': 'supervisor' };
const SUMMARY = /Shall I send it\?/;
const RECORDED = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;

/** One customer's details, unique to this test, to look for wherever they may have been kept. */
interface Customer {
  e164: string;
  typed: string;
  email: string;
  phrase: string;
}

const ERASED: Customer = { e164: '+447911000333', typed: '07911 000333', email: 'jo.bloggs-7731@example.org', phrase: 'saffron-trebuchet-6613' };
const ANONYMISED: Customer = { e164: '+447911000444', typed: '07911 000444', email: 'ann.other-5528@example.net', phrase: 'cobalt-marionette-2290' };
const LEGACY: Customer = { e164: '+447911000777', typed: '07911 000777', email: 'old.timer-3316@example.co.uk', phrase: 'vermilion-pantograph-8854' };
const KEPT: Customer = { e164: '+447911000555', typed: '07911 000555', email: 'still.here-9902@example.com', phrase: 'juniper-escalator-4471' };

/** Everything that identifies a customer, in every form it was written in. */
function tracesOf(customer: Customer): string[] {
  return [customer.e164, customer.typed, customer.e164.slice(1), customer.email, customer.phrase];
}

describe.each(dialects())('erasure and anonymisation on %s', (dialect: Dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    const conduct = join(tmpdir(), `redress-erasure-conduct-${process.pid}-${dialect}.yaml`);
    writeFileSync(conduct, 'profile: default\nretention:\n  closedCasesAnonymisedMonths: 6\n');
    server = await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: conduct });
    db = server.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  /** A complaint made by text, the number it came from kept for updates; answers its reference. */
  async function complainBySms(customer: Customer): Promise<string> {
    const sms = new SmsCustomer(server, fake, account, customer.e164, OUR_NUMBER);
    await sms.text('Hello');
    await sms.text('1');
    await sms.text(`The boiler engineer never came (${customer.phrase}). Call me on ${customer.typed} or write to ${customer.email}.`);
    await sms.text('3');
    await sms.text('yesterday');
    await sms.text(`A refund and an apology, ${customer.phrase}`);
    expect((await sms.text('1')).replies.join('\n')).toMatch(SUMMARY);
    const filed = (await sms.text('1')).replies.join('\n');
    const reference = RECORDED.exec(filed)?.[1];
    if (!reference) throw new Error(`No reference in: ${filed}`);
    // and a text about the case once it is filed
    await sms.text(`Any news? ${customer.phrase}`);
    return reference;
  }

  /** A complaint made in web chat, with the customer's phone number given for updates; answers its reference. */
  async function complainByWebChat(customer: Customer): Promise<{ reference: string; conversationId: string }> {
    const chat = await DirectLineClient.start(server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened/);
    await chat.answer(`My meter was read wrong, ${customer.phrase}. You can email ${customer.email}.`, /What is your complaint about\?/);
    await chat.answer('Billing', /When did it happen\?/);
    await chat.answer('last week', /What would put it right for you\?/);
    await chat.answer(`Correct the bill (${customer.phrase})`, /How should we keep you updated\?/);
    await chat.answer('A phone number', /What phone number should we use\?/);
    await chat.answer(customer.typed, /Is that OK\?/);
    await chat.answer('Yes', SUMMARY);
    const recorded = await chat.answer('Send it', RECORDED);
    return { reference: RECORDED.exec(recorded.text ?? '')![1], conversationId: chat.conversationId };
  }

  /** Staff deal with the case: a reply to the customer naming them, then it is withdrawn on their behalf. */
  async function dealWith(reference: string, customer: Customer, action: 'withdraw'): Promise<void> {
    const replied = await server.request('POST', `/api/complaints/${reference}/replies`, {
      body: { text: `Thanks, we will ring ${customer.typed} about ${customer.phrase}.` },
    });
    expect(replied.status).toBe(201);
    const note = await server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: `Spoke to them at ${customer.email}` } });
    expect(note.status).toBe(201);
    const ended = await server.request('POST', `/api/complaints/${reference}/actions`, { headers: SUPERVISOR, body: { action, reason: `Asked by phone, ${customer.typed}` } });
    expect(ended.status).toBe(200);
  }

  /** Waits for the relay to be done with every message: one it is sending is left alone by an erasure. */
  async function settled(): Promise<void> {
    // more tries than usual: a jump of months makes every reminder and check due at once, and a loaded machine's relay
    // takes a while over them
    await eventually(async () => {
      const busy = await db.query(`SELECT id, kind, channel, status, attempts, next_attempt_at, lease_until, last_error FROM outbox_messages WHERE status IN ('pending', 'sending') AND (next_attempt_at IS NULL OR next_attempt_at <= '${server.clock.now().toISOString()}')`);
      if (busy.length > 0) throw new Error(`${busy.length} messages still being sent: ${JSON.stringify(busy)}`);
    }, 2_000);
  }

  /**
   * Rewrites a case's history as Redress wrote it before erasure existed (hash scheme 1, no salt) and seals it, as an
   * upgraded installation has it: only possible past the database's guard.
   */
  async function asFirstScheme(reference: string): Promise<void> {
    if (dialect === 'postgres') await db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
    else await db.query('DROP TRIGGER case_events_no_update');
    const rows: { id: number; seq: number; type: string; actor: string; at: string; reason: string | null; data: string }[] = await db.query(
      `SELECT id, seq, type, actor, at, reason, data FROM case_events WHERE reference = '${reference}' ORDER BY seq`,
    );
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
      const hash = hashEvent(prev, { reference, seq: row.seq, type: row.type, actor: row.actor, at: row.at, reason: row.reason, data, scheme: 1 });
      await db.query(`UPDATE case_events SET prev_hash = '${prev}', hash = '${hash}', hash_scheme = 1, salt = NULL WHERE id = ${row.id}`);
      prev = hash;
    }
    if (dialect === 'postgres') await db.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
    else await db.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events WHEN NOT (${SQLITE_ERASURE_ONLY}) BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END`);
    await server.app.get(UnitOfWork).transaction(() => server.app.get(CaseHistory).seal({ reference, events: rows.length, headHash: prev }, server.clock.now().toISOString()));
  }

  async function auditVerify(): Promise<{ code: number | null; out: string }> {
    await server.app.get(AuditIntegrity).checkpoint();
    const { code, out, err } = await runCommand('dist/src/audit/audit-cli.js', ['verify'], databaseEnv(server));
    return { code, out: out + err };
  }

  /** On SQLite, the bytes of the files; on PostgreSQL, every row of every table, as text. */
  async function everythingStored(): Promise<string> {
    if (dialect === 'sqlite') return databaseFileText(server.config.DATA_DIR);
    const tables: { table_name: string }[] = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    const rows: string[] = [];
    for (const { table_name: table } of tables) rows.push(JSON.stringify(await db.query(`SELECT * FROM "${table}"`)));
    return rows.join('\n');
  }

  it('erases a customer who complained by text and in web chat, and the history still verifies', async () => {
    const bySms = await complainBySms(ERASED);
    const byChat = await complainByWebChat(ERASED);
    const kept = await complainBySms(KEPT);

    const refused = await server.request('POST', '/api/privacy/erasures', { headers: SUPERVISOR, body: { contact: { kind: 'phone', value: ERASED.typed } } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'privacy_erasure_open_complaints' });
    expect(refused.body.references).toEqual(expect.arrayContaining([bySms, byChat.reference]));

    await dealWith(bySms, ERASED, 'withdraw');
    await dealWith(byChat.reference, ERASED, 'withdraw');
    await settled();
    const before = await everythingStored();
    for (const trace of tracesOf(ERASED)) expect(before).toContain(trace);

    const handler = await server.request('POST', '/api/privacy/erasures', { headers: { 'x-staff-id': 'han-1', 'x-staff-role': 'handler' }, body: { contact: { kind: 'phone', value: ERASED.typed } } });
    expect(handler.status).toBe(403);

    const erased = await server.request('POST', '/api/privacy/erasures', {
      headers: SUPERVISOR,
      body: { contact: { kind: 'phone', value: ERASED.typed }, reason: 'Erasure request 2026-77' },
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ erasedBy: 'sup-1' });
    expect(erased.body.complaints).toEqual(expect.arrayContaining([bySms, byChat.reference]));
    expect(erased.body.deleted.inbound.messages).toBeGreaterThan(0);
    expect(erased.body.deleted.webchat.activities).toBeGreaterThan(0);
    expect(JSON.stringify(erased.body)).not.toContain('7911000333');

    const after = await everythingStored();
    for (const trace of tracesOf(ERASED)) expect(after).not.toContain(trace);
    expect(after).not.toContain(byChat.conversationId);
    // the other customer is untouched
    for (const trace of [KEPT.e164, KEPT.phrase, KEPT.email]) expect(after).toContain(trace);

    // The statistics stay: what the case was about, how it went, when, and its promises kept or missed.
    for (const reference of [bySms, byChat.reference]) {
      const complaint = await server.request('GET', `/api/complaints/${reference}`);
      expect(complaint.status).toBe(200);
      expect(complaint.body).toMatchObject({ reference, status: 'withdrawn', customerName: null, description: '', remedySought: null, erasedAt: expect.any(String) });
      expect(complaint.body.deadlines.length).toBeGreaterThan(0);
      expect(complaint.body.deadlines.every((d: { state: string }) => ['met', 'missed'].includes(d.state))).toBe(true);
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.integrity).toMatchObject({ intact: true });
      expect(history.body.events.at(-1)).toMatchObject({ type: 'customer.erased', actor: 'staff:sup-1', reason: 'Erasure request 2026-77' });
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['complaint.received', 'complaint.withdrawn', 'message.sent_to_customer']));
    }
    expect((await server.request('GET', `/api/complaints/${bySms}`)).body).toMatchObject({ channel: 'sms', category: 'service' });
    expect((await server.request('GET', `/api/complaints/${kept}`)).body).toMatchObject({ erasedAt: null });

    // An erased complaint can no longer move: there is nobody left to answer.
    const reopened = await server.request('POST', `/api/complaints/${bySms}/actions`, { headers: SUPERVISOR, body: { action: 'reopen', reason: 'By mistake' } });
    expect(reopened.status).toBe(409);
    expect(reopened.body).toMatchObject({ code: 'complaint_erased' });

    // A second request finds nothing more, and the guard on the history still refuses anything but an erasure.
    const again = await server.request('POST', '/api/privacy/erasures', { headers: SUPERVISOR, body: { contact: { kind: 'phone', value: ERASED.e164 } } });
    expect(again.status).toBe(200);
    await expect(db.query(`UPDATE case_events SET type = 'note.added' WHERE reference = '${bySms}' AND seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE case_events SET data = '{}', erased_at = NULL WHERE reference = '${bySms}' AND seq = 1`)).rejects.toThrow(/append-only/);

    const audit = await auditVerify();
    expect(audit.out).toContain('Everything holds.');
    expect(audit.code).toBe(0);
  }, 180_000);

  it('is documented in the API reference, with what it keeps and when it is refused', async () => {
    const json = await server.request('GET', '/docs/openapi.json', { auth: false });
    const operation = json.body.paths['/api/privacy/erasures'].post;
    expect(operation.summary).toContain('Erase everything personal');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '403', '409']));
    const page = await server.request('GET', '/docs', { auth: false });
    expect(page.text).toContain('/api/privacy/erasures');
    expect(page.text).toContain('privacy_erasure_open_complaints');
  });

  it('erases a history written before erasure existed, which verified as it was and still does', async () => {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: LEGACY.email }, category: 'billing', description: `Overcharged, ${LEGACY.phrase}` },
    });
    const reference = filed.body.reference as string;
    await server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: `Called ${LEGACY.typed} about ${LEGACY.phrase}` } });
    await asFirstScheme(reference);
    expect((await server.request('GET', `/api/complaints/${reference}/history`)).body.integrity).toEqual({ intact: true, events: 2, headHash: expect.any(String) });
    expect(await db.query(`SELECT DISTINCT hash_scheme FROM case_events WHERE reference = '${reference}'`)).toEqual([{ hash_scheme: 1 }]);

    expect((await server.request('POST', `/api/complaints/${reference}/actions`, { headers: SUPERVISOR, body: { action: 'withdraw' } })).status).toBe(200);
    await settled();
    const erased = await server.request('POST', '/api/privacy/erasures', { headers: SUPERVISOR, body: { contact: { kind: 'email', value: LEGACY.email } } });
    expect(erased.status).toBe(200);
    expect(erased.body.complaints).toEqual([reference]);

    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.integrity).toMatchObject({ intact: true });
    // the two events written before could not keep their digests: the erasure, sealed, vouches for them
    expect(history.body.events.at(-1)).toMatchObject({ type: 'customer.erased', data: { legacySeqs: [1, 2] } });
    const stored = await everythingStored();
    for (const trace of [LEGACY.email, LEGACY.phrase, LEGACY.typed]) expect(stored).not.toContain(trace);
    const audit = await auditVerify();
    expect(audit.out).toContain('Everything holds.');
    expect(audit.code).toBe(0);
  }, 120_000);

  it('anonymises a closed case when the retention policy says so, and keeps an open one', async () => {
    const page = await server.request('GET', '/code-of-conduct', { auth: false });
    expect(page.text).toContain('6 months after your complaint is closed or withdrawn, we erase your name, your contact details and everything you and we wrote about it');

    const bySms = await complainBySms(ANONYMISED);
    const byChat = await complainByWebChat(ANONYMISED);
    await dealWith(bySms, ANONYMISED, 'withdraw');
    await dealWith(byChat.reference, ANONYMISED, 'withdraw');
    await settled();
    for (const trace of tracesOf(ANONYMISED)) expect(await everythingStored()).toContain(trace);

    const sweep = server.app.get(RetentionSweep);
    // Five months on: not yet. What falls due by then is sent before the clock moves again, as it would be in the
    // month between: a send still under way when the clock jumps a month would see its claim lapse mid-send.
    server.clock.set('2026-08-02T10:00:00.000Z');
    await settled();
    expect((await sweep.run()).closedCases).toMatchObject({ complaints: 0 });
    expect(await everythingStored()).toContain(ANONYMISED.phrase);

    // Six months and a day after they were withdrawn. A reply still waiting to be tried again months ago has long been
    // sent or given up by then: let the relay settle it before the sweep, as the months between would have.
    server.clock.set('2026-09-03T10:00:00.000Z');
    await settled();
    const report = await sweep.run();
    expect(report.closedCases.complaints).toBe(2);
    expect(report.closedCases['webchat.activities']).toBeGreaterThan(0);
    // (their texts and dialog state went already, past their own limits, as no open complaint held them)
    expect(report.closedCases.conversations).toBeGreaterThan(0);
    expect((await sweep.run()).closedCases).toMatchObject({ complaints: 0 });

    const after = await everythingStored();
    for (const trace of tracesOf(ANONYMISED)) expect(after).not.toContain(trace);
    expect(after).not.toContain(byChat.conversationId);
    // An open complaint is never anonymised, however old.
    for (const trace of [KEPT.e164, KEPT.phrase, KEPT.email]) expect(after).toContain(trace);

    for (const reference of [bySms, byChat.reference]) {
      const complaint = await server.request('GET', `/api/complaints/${reference}`);
      expect(complaint.body).toMatchObject({ status: 'withdrawn', description: '', erasedAt: '2026-09-03T10:00:00.000Z' });
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.integrity).toMatchObject({ intact: true });
      expect(history.body.events.at(-1)).toMatchObject({ type: 'case.anonymised', actor: 'system:retention' });
    }
    const audit = await auditVerify();
    expect(audit.out).toContain('Everything holds.');
    expect(audit.code).toBe(0);
  }, 180_000);
});
