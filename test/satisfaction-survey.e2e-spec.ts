import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp } from './support/test-app.js';
import { DirectLineClient } from './support/web-chat.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';

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
  let slack: RecordingNotifier;
  let relay: OutboxRelay;
  let consent: SurveyDesk;
  let words: (message: OutboxMessageRecord) => string;
  /** The web chat conversation whose customer answers the survey below. */
  let webchatConversation = '';

  beforeAll(async () => {
    server = await startApp(dialect, { CODE_OF_CONDUCT_FILE: surveyConduct(dialect) });
    sms = new RecordingNotifier('sms');
    slack = new RecordingNotifier('slack');
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: slack });
    server.app.get(NotifierRegistry).register(sms);
    relay = server.app.get(OutboxRelay);
    consent = server.app.get<SurveyDesk>(SURVEY_DESK);
    const renderer = server.app.get(MessageRenderer);
    words = (message) => renderer.render(message.payload, 'sms').text;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** What the relay is sending is settled first: a jump mid-send would expire its lease and send it again. */
  const moveClock = async (iso: string) => {
    await relay.drain();
    server.clock.set(iso);
  };
  const at = async (iso: string) => {
    await moveClock(iso);
    await relay.drain();
  };
  const act = (reference: string, body: Record<string, unknown>) =>
    server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' } });
  const surveysTo = (reference: string) => sms.received.filter((m) => m.reference === reference && m.kind.startsWith('survey_'));

  /** A complaint by phone, resolved and closed at `closedAt`; `agrees` is the customer's answer about the survey. */
  async function closedComplaint(filedAt: string, closedAt: string, agrees: boolean | undefined, phone: string, webchat?: string): Promise<string> {
    await moveClock(filedAt);
    const contact = webchat ? { kind: 'webchat', value: webchat } : { kind: 'phone', value: phone };
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: webchat ? 'webchat' : 'api', contact, category: 'billing', description: 'Charged twice.', acknowledge: true },
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
    await moveClock(closedAt);
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

  it('sends nothing to a customer who said no; one who was never asked is asked first, once, and only that', async () => {
    const declined = await closedComplaint('2026-04-06T10:00:00.000Z', '2026-04-06T12:00:00.000Z', false, '+44 7911 100002');
    const neverAsked = await closedComplaint('2026-04-06T10:00:00.000Z', '2026-04-06T12:00:00.000Z', undefined, '+44 7911 100003');
    await at('2026-04-09T12:00:00.000Z');
    await at('2026-04-20T12:00:00.000Z');
    expect(surveysTo(declined)).toEqual([]);
    expect(surveysTo(neverAsked).map((m) => m.kind)).toEqual(['survey_consent_request']);
    expect(words(surveysTo(neverAsked)[0])).toContain('May we ask you a few short questions about how we did? Reply YES or NO.');
  });

  it('a "no" given after a "yes" wins', async () => {
    const reference = await closedComplaint('2026-05-04T10:00:00.000Z', '2026-05-04T12:00:00.000Z', true, '+44 7911 100004');
    await consent.recordConsent(reference, false, 'survey');
    await at('2026-05-07T12:00:00.000Z');
    expect(surveysTo(reference)).toEqual([]);
  });

  it('a complaint reopened before the survey is due gets none for that closure', async () => {
    const reference = await closedComplaint('2026-06-01T10:00:00.000Z', '2026-06-01T12:00:00.000Z', true, '+44 7911 100005');
    await moveClock('2026-06-02T12:00:00.000Z');
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

  it('on web chat: the survey appears in the conversation, the answers are stored with the case facts, and a low score alerts Slack', async () => {
    await moveClock('2026-08-03T14:45:00.000Z');
    const chat = await DirectLineClient.start(server.baseUrl);
    webchatConversation = chat.conversationId;
    const reference = await closedComplaint('2026-08-03T14:50:00.000Z', '2026-08-03T15:00:00.000Z', true, '', chat.conversationId);
    // the chat stays open meanwhile: Web Chat refreshes its token well before it expires
    for (let at = new Date('2026-08-03T15:00:00.000Z').getTime(); at <= new Date('2026-08-05T15:00:00.000Z').getTime(); at += 20 * 60_000) {
      await moveClock(new Date(at).toISOString());
      const refreshed = await chat.call('POST', '/tokens/refresh');
      if (refreshed.status !== 200) throw new Error(`refresh answered ${refreshed.status}`);
      chat.token = refreshed.body.token;
    }
    await at('2026-08-05T15:00:00.000Z');
    await chat.waitForBot(new RegExp(`Your complaint ${reference} is closed\\. How happy are you with how we handled it\\?`));
    await chat.answer('2', /And how happy are you with the outcome\?/);
    await chat.answer('4', /How easy was it/);
    await chat.answer('skip', /Did we keep the dates we promised\?/);
    await chat.answer('No', /anything else/);
    await chat.answer('Nobody called me back and it was awful.', /Thank you for your answers/);

    const { items } = await server.app.get(SurveyResponseRepository).list({ channel: 'webchat' }, { offset: 0, limit: 10 });
    expect(items).toMatchObject([
      {
        reference,
        channel: 'webchat',
        category: 'billing',
        outcome: 'Refunded',
        language: 'en',
        handling: 2,
        outcomeScore: 4,
        effort: null,
        datesKept: 'no',
        comment: 'Nobody called me back and it was awful.',
        sentiment: 'negative',
        resolutionMinutes: 10,
        pausedMinutes: 0,
      },
    ]);
    await relay.drain();
    const posted = slack.received.filter((m) => m.reference === reference && m.kind === 'survey_answers');
    expect(posted).toMatchObject([{ recipient: { audience: 'assignee_and_supervisors' }, payload: { low: true, handling: 2, datesKept: 'no' } }]);
  });

  it('a customer kept updated by email while email is not set up is sent no survey, and that is recorded with the reason', async () => {
    await moveClock('2026-09-07T09:00:00.000Z');
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: 'sam@example.com' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const { reference } = filed.body as { reference: string };
    await consent.recordConsent(reference, true, 'intake');
    for (const step of [
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded it.' },
      { action: 'accept_response' },
      { action: 'close', outcome: 'Refunded' },
    ]) {
      expect((await act(reference, step)).status).toBe(200);
    }
    await at('2026-09-10T12:00:00.000Z');
    expect(sms.received.filter((m) => m.reference === reference && m.kind.startsWith('survey_'))).toEqual([]);
    // the count of surveys not sent, by reason, is in the response rates below
  });

  it('the staff API lists responses with filters, exports them as CSV, and counts response rates per channel', async () => {
    const listed = await server.request('GET', '/api/satisfaction/responses?channel=webchat&low=true');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ channel: 'webchat', handling: 2, sentiment: 'negative' }] });
    expect((await server.request('GET', '/api/satisfaction/responses?channel=sms')).body.total).toBe(0);
    expect((await server.request('GET', '/api/satisfaction/responses?low=false')).body.total).toBe(0);

    const refused = await server.request('GET', '/api/satisfaction/responses?from=yesterday&colour=red');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed' });
    expect(refused.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['colour', 'from']);
    expect((await server.request('GET', '/api/satisfaction/responses', { auth: false })).status).toBe(401);

    const csv = await server.request('GET', '/api/satisfaction/responses.csv?channel=webchat');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, row, end] = csv.text.split('\n');
    expect(header).toBe(
      'reference,survey_version,channel,category,outcome,language,resolution_minutes,paused_minutes,promises_met,promises_missed,handling_1_5,outcome_1_5,ease_1_7,dates_kept,comment,sentiment,responded_at,finished_at',
    );
    expect(row).toContain(',webchat,billing,Refunded,en,10,0,');
    expect(row).toContain(',2,4,,no,Nobody called me back and it was awful.,negative,');
    expect(end).toBe('');

    const rates = await server.request('GET', '/api/satisfaction/response-rates');
    // by SMS: the first survey above, the question to the customer never asked, and the survey after the closure in the
    // history test, which came due meanwhile
    expect(rates.body.channels).toEqual([
      { channel: 'email', sent: 0, responded: 0, rate: null, notSent: { channel_not_set_up: 1 } },
      { channel: 'sms', sent: 3, responded: 0, rate: 0, notSent: {} },
      { channel: 'webchat', sent: 1, responded: 1, rate: 1, notSent: {} },
    ]);
  });

  it('erasing the customer lets go of their comment and keeps their scores; an export hands both over first', async () => {
    const [response] = (await server.app.get(SurveyResponseRepository).list({ channel: 'webchat' }, { offset: 0, limit: 1 })).items;
    const conversation = webchatConversation;
    const supervisor = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };
    const exported = await server.request('POST', '/api/privacy/exports', { headers: supervisor, body: { contact: { kind: 'webchat', value: conversation } } });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body.sections.satisfaction)).toContain('Nobody called me back and it was awful.');

    const erased = await server.request('POST', '/api/privacy/erasures', { headers: supervisor, body: { contact: { kind: 'webchat', value: conversation } } });
    expect(erased.status).toBe(200);
    expect(erased.body.deleted.satisfaction).toMatchObject({ surveyComments: 1 });
    const [after] = (await server.app.get(SurveyResponseRepository).list({ channel: 'webchat' }, { offset: 0, limit: 1 })).items;
    expect(after).toMatchObject({ reference: response.reference, comment: null, handling: 2, outcomeScore: 4, datesKept: 'no' });
  });
});
