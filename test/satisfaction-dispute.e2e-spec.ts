import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp, type RunningApp } from './support/test-app.js';

const ASSESSMENT = { severity: 'medium', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const handler = { 'x-staff-id': 'U-HAN', 'x-staff-role': 'handler' };
const supervisor = { 'x-staff-id': 'U-SUP', 'x-staff-role': 'supervisor' };

/** Surveys two days after closure, quiet 21:00-08:00 London time, no reminder, expiry after seven days. */
function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-survey-dispute-${process.pid}-${dialect}.yaml`);
  writeFileSync(
    file,
    [
      'profile: uk-fca',
      'organisation:',
      '  name: Example Bank plc',
      '  contactRoutes:',
      '    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }',
      'satisfactionSurvey:',
      '  delay: P2D',
      "  quietHours: { from: '21:00', until: '08:00' }",
      '  expiresAfter: P7D',
      '',
    ].join('\n'),
  );
  return file;
}

/** A customer who took the complaint to the ombudsman is not asked how we did while the ombudsman has it. */
describe.each(dialects())('satisfaction survey and an open dispute referral on %s', (dialect) => {
  let server: RunningApp;
  let sms: RecordingNotifier;
  let relay: OutboxRelay;

  beforeAll(async () => {
    server = await startApp(dialect, { CODE_OF_CONDUCT_FILE: surveyConduct(dialect) }, '2026-03-02T10:00:00.000Z');
    sms = new RecordingNotifier('sms');
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: new RecordingNotifier('slack') });
    server.app.get(NotifierRegistry).register(sms);
    relay = server.app.get(OutboxRelay);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const at = async (iso: string) => {
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };
  const act = async (reference: string, body: Record<string, unknown>, headers = supervisor) => {
    const done = await server.request('POST', `/api/complaints/${reference}/actions`, { body, headers });
    expect({ action: body.action, status: done.status }).toEqual({ action: body.action, status: 200 });
  };
  const dispute = async (reference: string, body: Record<string, unknown>, headers = handler) => {
    const done = await server.request('POST', `/api/complaints/${reference}/dispute/actions`, { body, headers });
    expect({ action: body.action, status: done.status }).toEqual({ action: body.action, status: 200 });
  };
  const surveysTo = (reference: string) => sms.received.filter((m) => m.reference === reference && m.kind.startsWith('survey_')).map((m) => m.kind);

  it('sends no survey while the referral is open, and sends it once the dispute is closed', async () => {
    server.clock.set('2026-03-02T10:00:00.000Z');
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 200001' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
      headers: handler,
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    await server.app.get<SurveyDesk>(SURVEY_DESK).recordConsent(reference, true, 'intake');
    await act(reference, { action: 'assess', assessment: ASSESSMENT });
    await act(reference, { action: 'start_investigation' });
    await act(reference, { action: 'propose_response', outcome: 'No refund', explanation: 'Both charges were for separate orders.', waiveTimeLimits: false });
    await act(reference, { action: 'reject_response', reason: 'Customer rang to say no.' });
    await relay.drain();
    await eventually(async () => expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).status).toBe(200));

    // closed on Monday at noon, referred to the ombudsman the same afternoon: the survey was due Wednesday at noon
    server.clock.set('2026-03-02T12:00:00.000Z');
    await act(reference, { action: 'close', outcome: 'No refund' });
    server.clock.set('2026-03-02T15:00:00.000Z');
    await dispute(reference, { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: true });
    await dispute(reference, { action: 'refer' });
    await at('2026-03-04T12:00:00.000Z');
    await at('2026-03-05T12:00:00.000Z');
    await dispute(reference, { action: 'record_acceptance', providerReference: 'FOS-2026-0077' });
    await at('2026-03-20T12:00:00.000Z');
    await dispute(reference, { action: 'record_outcome', outcome: 'not_upheld', explanation: 'The charges were for separate orders.' }, supervisor);
    await at('2026-03-25T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
    expect((await server.request('GET', '/api/satisfaction/response-rates')).body.channels).toEqual([]);

    // closed on Wednesday 25 March at noon: the survey goes at the next look, the day after, and only once
    await dispute(reference, { action: 'close' }, supervisor);
    await at('2026-03-26T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual(['survey_invitation']);
    await at('2026-03-28T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual(['survey_invitation']);
  });
});
