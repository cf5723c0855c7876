import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { SURVEY_CONSENT, type SurveyConsentDesk } from '../src/satisfaction/survey-consent.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp } from './support/test-app.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };

/** Surveys two days after closure, quiet 21:00-08:00 London time, a reminder after three days, expiry after seven. */
function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-survey-${process.pid}-${dialect}.yaml`);
  writeFileSync(
    file,
    [
      'profile: default',
      'organisation:',
      '  name: Example Ltd',
      '  contactRoutes:',
      '    - { kind: email, label: Email, value: complaints@example.com }',
      'satisfactionSurvey:',
      '  delay: P2D',
      "  quietHours: { from: '21:00', until: '08:00' }",
      '  reminderAfter: P3D',
      '  expiresAfter: P7D',
      '',
    ].join('\n'),
  );
  return file;
}

describe.each(dialects())('satisfaction survey after closure, by SMS, on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startApp>>;
  let sms: RecordingNotifier;
  let relay: OutboxRelay;
  let consent: SurveyConsentDesk;
  let words: (message: OutboxMessageRecord) => string;

  beforeAll(async () => {
    server = await startApp(dialect, { CODE_OF_CONDUCT_FILE: surveyConduct(dialect) });
    sms = new RecordingNotifier('sms');
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: new RecordingNotifier('slack') });
    server.app.get(NotifierRegistry).register(sms);
    relay = server.app.get(OutboxRelay);
    consent = server.app.get<SurveyConsentDesk>(SURVEY_CONSENT);
    const renderer = server.app.get(MessageRenderer);
    words = (message) => renderer.render(message.payload, 'sms').text;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const at = async (iso: string) => {
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };
  const act = (reference: string, body: Record<string, unknown>) =>
    server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' } });
  const surveysTo = (reference: string) => sms.received.filter((m) => m.reference === reference && m.kind.startsWith('survey_'));

  /** A complaint by phone, resolved and closed at `closedAt`; `agrees` is the customer's answer about the survey. */
  async function closedComplaint(filedAt: string, closedAt: string, agrees: boolean | undefined, phone: string): Promise<string> {
    server.clock.set(filedAt);
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: phone }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const { reference } = filed.body as { reference: string };
    if (agrees !== undefined) await consent.recordConsent(reference, agrees, 'intake');
    for (const step of [
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the second charge.' },
      { action: 'accept_response' },
    ]) {
      const done = await act(reference, step);
      if (done.status !== 200) throw new Error(`${step.action} answered ${done.status}: ${done.text}`);
    }
    server.clock.set(closedAt);
    expect((await act(reference, { action: 'close', outcome: 'Refunded' })).status).toBe(200);
    return reference;
  }

  it('sends the survey after the delay, outside quiet hours, once; reminds once; then expires', async () => {
    // closed Monday 2 March 22:30 GMT: due Wednesday 22:30, which is quiet, so sent Thursday 08:00
    const reference = await closedComplaint('2026-03-02T10:00:00.000Z', '2026-03-02T22:30:00.000Z', true, '+44 7911 100001');
    await at('2026-03-04T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
    await at('2026-03-04T22:45:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
    await at('2026-03-05T08:00:00.000Z');
    expect(surveysTo(reference).map((m) => m.kind)).toEqual(['survey_invitation']);
    const [invitation] = surveysTo(reference);
    expect(words(invitation)).toContain(`Your complaint ${reference} is closed. How happy are you with how we handled it?`);
    expect(words(invitation)).toContain('Example Ltd');

    await at('2026-03-06T12:00:00.000Z');
    expect(surveysTo(reference)).toHaveLength(1);
    await at('2026-03-08T08:00:00.000Z');
    expect(surveysTo(reference).map((m) => m.kind)).toEqual(['survey_invitation', 'survey_reminder']);
    await at('2026-03-13T08:00:00.000Z');
    await at('2026-03-20T08:00:00.000Z');
    expect(surveysTo(reference).map((m) => m.kind)).toEqual(['survey_invitation', 'survey_reminder']);
  });

  it('sends nothing to a customer who said no, or who was never asked', async () => {
    const declined = await closedComplaint('2026-04-06T10:00:00.000Z', '2026-04-06T12:00:00.000Z', false, '+44 7911 100002');
    const neverAsked = await closedComplaint('2026-04-06T10:00:00.000Z', '2026-04-06T12:00:00.000Z', undefined, '+44 7911 100003');
    await at('2026-04-09T12:00:00.000Z');
    await at('2026-04-20T12:00:00.000Z');
    expect(surveysTo(declined)).toEqual([]);
    expect(surveysTo(neverAsked)).toEqual([]);
  });

  it('a "no" given after a "yes" wins', async () => {
    const reference = await closedComplaint('2026-05-04T10:00:00.000Z', '2026-05-04T12:00:00.000Z', true, '+44 7911 100004');
    await consent.recordConsent(reference, false, 'survey');
    await at('2026-05-07T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
  });

  it('a complaint reopened before the survey is due gets none for that closure', async () => {
    const reference = await closedComplaint('2026-06-01T10:00:00.000Z', '2026-06-01T12:00:00.000Z', true, '+44 7911 100005');
    server.clock.set('2026-06-02T12:00:00.000Z');
    expect((await act(reference, { action: 'reopen', reason: 'The refund never came.' })).status).toBe(200);
    await at('2026-06-04T12:00:00.000Z');
    await at('2026-06-10T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
  });

  it('the consent is in the case history', async () => {
    const reference = await closedComplaint('2026-07-06T10:00:00.000Z', '2026-07-06T12:00:00.000Z', true, '+44 7911 100006');
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'satisfaction.consent_recorded')).toMatchObject([
      { actor: 'customer', data: { consent: true, askedAt: 'intake' } },
    ]);
    expect(history.body.integrity).toMatchObject({ intact: true });
  });
});
