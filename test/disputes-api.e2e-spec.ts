import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { referralPackSchema } from '../src/disputes/referral-pack.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp, type RunningApp } from './support/test-app.js';

const ASSESSMENT = { severity: 'medium', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const handler = { 'x-staff-id': 'U-HAN', 'x-staff-role': 'handler' };
const supervisor = { 'x-staff-id': 'U-SUP', 'x-staff-role': 'supervisor' };

function codeFile(profile: string): string {
  const file = join(tmpdir(), `redress-disputes-${profile}-${process.pid}.yaml`);
  writeFileSync(file, `profile: ${profile}\norganisation:\n  name: Example Bank plc\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }\n`);
  return file;
}

describe.each(dialects())('dispute API on %s', (dialect) => {
  let server: RunningApp;
  let sms: RecordingNotifier;
  let words: (message: OutboxMessageRecord | undefined) => string;
  let drain: () => Promise<void>;

  beforeAll(async () => {
    server = await startApp(dialect, { CODE_OF_CONDUCT_FILE: codeFile('uk-fca') }, '2026-08-31T10:00:00.000Z');
    sms = new RecordingNotifier('sms');
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: new RecordingNotifier('slack') });
    server.app.get(NotifierRegistry).register(sms);
    const relay = server.app.get(OutboxRelay);
    drain = () => relay.drain();
    const renderer = server.app.get(MessageRenderer);
    words = (message) => (message ? renderer.render(message.payload, 'sms').text : '');
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function act(reference: string, body: Record<string, unknown>, headers = handler) {
    const response = await server.request('POST', `/api/complaints/${reference}/actions`, { body, headers });
    expect(response.status).toBe(200);
  }

  async function dispute(reference: string, body: Record<string, unknown>, headers = handler) {
    return server.request('POST', `/api/complaints/${reference}/dispute/actions`, { body, headers });
  }

  const toldCustomer = (reference: string) => sms.received.filter((m) => m.reference === reference && m.kind === 'dispute_update').map(words);

  async function rejectedComplaint(phone = '+44 7911 123456'): Promise<string> {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: phone }, category: 'billing', description: 'Charged twice <b>for</b> one order.', acknowledge: true },
      headers: handler,
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    await act(reference, { action: 'assess', assessment: ASSESSMENT });
    await act(reference, { action: 'start_investigation' });
    await act(reference, { action: 'propose_response', outcome: 'No refund', explanation: 'Both charges were for separate orders.', waiveTimeLimits: false });
    // the customer said NO by phone; staff record it
    await act(reference, { action: 'reject_response', reason: 'Customer rang to say no.' });
    await drain();
    await eventually(async () => expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).status).toBe(200));
    return reference;
  }

  it('a rejected proposal is followed by the options, with the FOS window counted from the final response (DISP 2.8.2R)', async () => {
    const reference = await rejectedComplaint();
    const got = await server.request('GET', `/api/complaints/${reference}/dispute`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      status: 'offered',
      trigger: 'response_rejected',
      options: [{ id: 'financial-ombudsman-service', independent: true, cost: 'It is free for you.' }],
      referralDeadline: '2027-02-28T11:00:00.000Z',
      referralWindow: { dueAt: '2027-02-28T11:00:00.000Z', state: 'open' },
      allowedActions: ['consent', 'decline', 'defer'],
    });
    const [offered] = toldCustomer(reference);
    expect(offered).toContain('Financial Ombudsman Service.');
    expect(offered).toContain('It is free for you.');
    expect(offered).toContain('If you accept their decision, we must do what it says; if you do not, you can still go to court.');
    expect(offered.match(/If you accept their decision/g)).toHaveLength(1);
    expect(offered).toContain('The last day to ask them is Sunday, 28 February 2027.');
    expect(offered).toContain('Reply OPTIONS');
  });

  it('takes a dispute from consent to closure, telling the customer of each step, with every step in the verified history', async () => {
    const reference = await rejectedComplaint();
    expect((await dispute(reference, { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: true })).body.status).toBe('consented');
    expect((await dispute(reference, { action: 'refer' })).body).toMatchObject({ status: 'referred', allowedActions: ['record_acceptance'] });
    expect((await dispute(reference, { action: 'record_acceptance', providerReference: 'FOS-2026-0042' })).body.providerReference).toBe('FOS-2026-0042');

    const byHandler = await dispute(reference, { action: 'record_outcome', outcome: 'upheld', explanation: 'Refund the second charge.', remedy: 'refund £40' });
    expect(byHandler).toMatchObject({ status: 403, body: { code: 'dispute_needs_supervisor' } });
    const decided = await dispute(reference, { action: 'record_outcome', outcome: 'upheld', explanation: 'Refund the second charge.', remedy: 'refund £40' }, supervisor);
    expect(decided.body).toMatchObject({ status: 'decided', remedyDueAt: '2026-09-28T10:00:00.000Z', allowedActions: ['implement_remedy'] });
    expect((await dispute(reference, { action: 'close' }, supervisor)).body).toMatchObject({ code: 'dispute_remedy_outstanding' });

    // what the relay is sending now is settled first: jumping days ahead mid-send would expire its lease, and the
    // message would rightly be sent again as if its sender had died
    await drain();
    server.clock.set('2026-09-10T10:00:00.000Z');
    expect((await dispute(reference, { action: 'implement_remedy' })).body.status).toBe('remedy_implemented');
    expect((await dispute(reference, { action: 'close' }, supervisor)).body.status).toBe('closed');
    await drain();

    expect(toldCustomer(reference)).toEqual([
      expect.stringContaining('Financial Ombudsman Service'),
      `About your complaint ${reference}: we have recorded that you want Financial Ombudsman Service to look at it. We will tell you when we have sent it to them.`,
      `We have sent your complaint ${reference} to Financial Ombudsman Service. They will contact you.`,
      `Financial Ombudsman Service has accepted your complaint ${reference}. Their reference is FOS-2026-0042.`,
      `Financial Ombudsman Service has upheld your complaint ${reference}. We will do what they asked (refund £40) by Monday, 28 September 2026.`,
      `About your complaint ${reference}: we have done what Financial Ombudsman Service asked.`,
      `The dispute about your complaint ${reference} is now closed.`,
    ]);

    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.integrity).toMatchObject({ intact: true });
    const steps = history.body.events.filter((e: { type: string }) => e.type.startsWith('dispute.'));
    expect(steps.map((e: { type: string }) => e.type)).toEqual([
      'dispute.offered',
      'dispute.consented',
      'dispute.referred',
      'dispute.accepted_by_provider',
      'dispute.outcome_recorded',
      'dispute.remedy_implemented',
      'dispute.closed',
    ]);
    expect(steps[1]).toMatchObject({ actor: 'staff:U-HAN', data: { shareCaseFile: true, wordingVersion: 'dispute-options-2026-12' } });
    expect(steps[5]).toMatchObject({ data: { onTime: true, daysToImplement: 10 } });

    const figures = await server.request('GET', '/api/disputes/figures');
    expect(figures.body).toMatchObject({ referred: expect.any(Number), remediesImplemented: 1, remediesOnTime: 1, meanDaysToImplement: 10 });
    expect(figures.body.outcomes).toMatchObject({ upheld: 1 });
    server.clock.set('2026-08-31T10:00:00.000Z');
  });

  it('the referral pack carries the contact only with consent to share, escapes what people wrote, and reports the chain check', async () => {
    const reference = await rejectedComplaint();
    await dispute(reference, { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: false });
    const pack = await server.request('GET', `/api/complaints/${reference}/dispute/referral-pack`);
    expect(pack.status).toBe(200);
    const parsed = referralPackSchema.parse(pack.body);
    expect(parsed.contact).toBeNull();
    expect(parsed.statement.description).toBe('Charged twice <b>for</b> one order.');
    expect(parsed.finalResponse).toMatchObject({ outcome: 'No refund' });
    expect(parsed.history.verification).toMatchObject({ intact: true });
    expect(parsed.timeline.map((t) => t.what)).toContain('Customer consented to the referral');
    // the number in any form it was given or stored (a hash may hold four of its digits by chance)
    for (const form of ['+447911123456', '7911 123456', '07911123456', '7911123456']) expect(pack.text).not.toContain(form);

    const printable = await server.request('GET', `/api/complaints/${reference}/dispute/referral-pack/printable`);
    expect(printable.headers.get('content-type')).toContain('text/html');
    expect(printable.text).toContain('Charged twice &lt;b&gt;for&lt;/b&gt; one order.');
    expect(printable.text).toContain('is intact');
    expect(printable.text).toContain('Not shared: the customer did not consent to share it');

    await dispute(reference, { action: 'withdraw_consent' });
    await dispute(reference, { action: 'offer' });
    await dispute(reference, { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: true });
    const shared = referralPackSchema.parse((await server.request('GET', `/api/complaints/${reference}/dispute/referral-pack`)).body);
    expect(shared.contact).toEqual({ kind: 'phone', value: '+447911123456' });
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'contact.disclosed')).toHaveLength(1);
  });

  it('answers bad input with 400, naming the field, and a step the journey does not allow with 409', async () => {
    const reference = await rejectedComplaint();
    const bad = await dispute(reference, { action: 'record_acceptance', providerReference: '' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed', fields: [{ field: 'providerReference' }] } });
    const unknown = await dispute(reference, { action: 'consent', providerId: 'afca', shareCaseFile: true });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'dispute_option_not_offered' } });
    const early = await dispute(reference, { action: 'refer' });
    expect(early).toMatchObject({ status: 409, body: { code: 'dispute_invalid_transition', allowed: ['consent', 'decline', 'defer'] } });
    const none = await server.request('GET', '/api/complaints/7K4M-9P2Q/dispute');
    expect(none.status).toBe(404);
  });

  it('erasing the customer takes the remedy’s words and keeps what the figures count', async () => {
    const reference = await rejectedComplaint('+44 7911 123457');
    await dispute(reference, { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: true });
    await dispute(reference, { action: 'refer' });
    await dispute(reference, { action: 'record_acceptance', providerReference: 'FOS-1' });
    await dispute(reference, { action: 'record_outcome', outcome: 'settled', explanation: 'Agreed.', remedy: 'pay £10 to account 12345678' }, supervisor);
    await dispute(reference, { action: 'implement_remedy' });
    await dispute(reference, { action: 'close' }, supervisor);
    await act(reference, { action: 'close', outcome: 'Settled through the ombudsman' }, supervisor);

    const exported = await server.request('POST', '/api/privacy/exports', { headers: supervisor, body: { contact: { kind: 'phone', value: '+44 7911 123457' }, reason: 'Subject access request' } });
    expect(JSON.stringify(exported.body)).toContain('pay £10 to account 12345678');
    const erased = await server.request('POST', '/api/privacy/erasures', { headers: supervisor, body: { contact: { kind: 'phone', value: '+44 7911 123457' }, reason: 'Erasure request' } });
    expect(erased.status).toBe(200);
    expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).body).toMatchObject({ status: 'closed', outcome: 'settled', remedy: null, remedyImplementedAt: expect.any(String) });
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(JSON.stringify(history.body.events)).not.toContain('12345678');
    expect(history.body.integrity).toMatchObject({ intact: true });
  });

  it('documents the dispute routes in /docs with the other staff routes', async () => {
    const spec = await server.request('GET', '/docs/openapi.json', { auth: false });
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/complaints/{reference}/dispute',
        '/api/complaints/{reference}/dispute/actions',
        '/api/complaints/{reference}/dispute/referral-pack',
        '/api/complaints/{reference}/dispute/referral-pack/printable',
        '/api/disputes/figures',
      ]),
    );
    const page = await server.request('GET', '/docs', { auth: false });
    expect(page.text).toContain('/api/complaints/{reference}/dispute/actions');
  });
});
