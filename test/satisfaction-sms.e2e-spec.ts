import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { SurveyRepository } from '../src/satisfaction/survey.repository.js';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
const INVITATION = 'How happy are you with how we handled it?';

function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-survey-sms-${process.pid}-${dialect}.yaml`);
  writeFileSync(file, ['profile: default', 'satisfactionSurvey:', '  delay: P2D', '  reminderAfter: P1D', '  expiresAfter: P5D', ''].join('\n'));
  return file;
}

/** The survey by text, as a customer lives it: consent while complaining, the survey after closure, answers by number. */
describe.each(dialects())('satisfaction survey by SMS on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let slack: RecordingNotifier;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: surveyConduct(dialect) });
    slack = new RecordingNotifier('slack');
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: slack });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const at = async (iso: string) => {
    const relay = server.app.get(OutboxRelay);
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };

  /** Texts a complaint in, saying yes or no to the survey, and staff close it at `closedAt`. */
  async function complainAndClose(customer: SmsCustomer, survey: 'Yes' | 'No', closedAt: string): Promise<string> {
    for (const body of ['Make a complaint', 'I was charged twice', 'Billing', 'last Tuesday', 'A refund', 'By text to this number']) await customer.text(body);
    const { replies } = await customer.text('Send it');
    expect(replies.join('\n')).toContain('May we ask you afterwards how we did?');
    const reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(replies.join('\n'))![1];
    await customer.text(survey);
    const staff = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };
    const status = (await server.request('GET', `/api/complaints/${reference}`)).body.status as string;
    for (const step of [
      ...(status === 'received' ? [{ action: 'acknowledge' }] : []),
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the second charge.' },
      { action: 'accept_response' },
    ]) {
      expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: step, headers: staff })).status).toBe(200);
    }
    await at(closedAt);
    expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'close', outcome: 'Refunded' }, headers: staff })).status).toBe(200);
    await at(closedAt);
    customer.newTexts();
    return reference;
  }

  it('asks for consent while complaining, texts the survey two days after closure, and takes three numbered answers', async () => {
    server.clock.set('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, fake, account, '+447911300001', OUR_NUMBER);
    const reference = await complainAndClose(sam, 'Yes', '2026-03-02T12:00:00.000Z');
    await at('2026-03-04T11:00:00.000Z');
    expect(sam.newTexts()).toEqual([]);
    await at('2026-03-04T12:00:00.000Z');
    const [invitation] = sam.newTexts();
    expect(invitation).toContain(`Your complaint ${reference} is closed. ${INVITATION}`);

    expect((await sam.text('1')).replies.join('\n')).toContain('And how happy are you with the outcome? Reply 1 (very unhappy) to 5 (very happy), or SKIP.');
    expect((await sam.text('I would say 4 of 5')).replies.join('\n')).toContain('Sorry, I did not understand that.');
    expect((await sam.text('4')).replies.join('\n')).toContain('Did we keep the dates we promised? Reply 1 for yes, 2 for no, 3 for not sure, or SKIP.');
    const done = (await sam.text('2')).replies.join('\n');
    expect(done).toContain('Thank you for your answers.');
    expect(done).not.toContain('How easy');

    const { items } = await server.app.get(SurveyResponseRepository).list({ channel: 'sms' }, { offset: 0, limit: 10 });
    expect(items).toMatchObject([{ reference, channel: 'sms', handling: 1, outcomeScore: 4, effort: null, datesKept: 'no', comment: null }]);
    await server.app.get(OutboxRelay).drain();
    expect(slack.received.filter((m) => m.reference === reference && m.kind === 'survey_answers')).toMatchObject([
      { recipient: { audience: 'assignee_and_supervisors' }, payload: { low: true, handling: 1 } },
    ]);

    // answered: no reminder follows
    await at('2026-03-06T12:00:00.000Z');
    expect(sam.newTexts()).toEqual([]);
  });

  it('a customer who texted STOP gets no survey, though they had agreed to one', async () => {
    server.clock.set('2026-04-06T10:00:00.000Z');
    const kim = new SmsCustomer(server, fake, account, '+447911300002', OUR_NUMBER);
    type Rates = { channel: string; sent: number; responded: number; notSent: Record<string, number> };
    const smsRates = async () => ((await server.request('GET', '/api/satisfaction/response-rates')).body.channels as Rates[]).find((c) => c.channel === 'sms');
    const before = await smsRates();
    const reference = await complainAndClose(kim, 'Yes', '2026-04-06T12:00:00.000Z');
    await kim.text('STOP');
    kim.newTexts();
    await at('2026-04-08T12:00:00.000Z');
    await at('2026-04-09T12:00:00.000Z');
    expect(fake.sentTo(kim.number).filter((sms) => sms.body.includes(INVITATION) || sms.body.includes('We would still like to know'))).toEqual([]);
    // recorded as not sent, and why: it does not count as a survey sent and left unanswered
    expect(await server.app.get(SurveyRepository).of(reference, '2026-04-06T12:00:00.000Z')).toMatchObject({ status: 'not_sent', reason: 'opted_out', sentAt: null });
    expect(await smsRates()).toMatchObject({
      sent: before?.sent ?? 0,
      responded: before?.responded ?? 0,
      notSent: { opted_out: 1 },
    });
  });

  it('a customer who said no while complaining is sent nothing', async () => {
    server.clock.set('2026-05-04T10:00:00.000Z');
    const lee = new SmsCustomer(server, fake, account, '+447911300003', OUR_NUMBER);
    await complainAndClose(lee, 'No', '2026-05-04T12:00:00.000Z');
    await at('2026-05-06T12:00:00.000Z');
    await at('2026-05-08T12:00:00.000Z');
    // a reply from before the closure that was retried under load may still arrive: what must not is the survey
    expect(lee.newTexts().filter((text) => text.includes(INVITATION) || text.includes('We would still like to know'))).toEqual([]);
  });

  it('a complaint recorded by staff, whose customer was never asked: asked at closure, and a yes starts the survey', async () => {
    server.clock.set('2026-06-01T10:00:00.000Z');
    const ana = new SmsCustomer(server, fake, account, '+447911100004', OUR_NUMBER);
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: ana.number }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    expect({ status: filed.status, body: filed.status === 201 ? null : filed.body }).toEqual({ status: 201, body: null });
    const { reference } = filed.body as { reference: string };
    const staff = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };
    for (const step of [
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded it.' },
      { action: 'accept_response' },
      { action: 'close', outcome: 'Refunded' },
    ]) {
      const done = await server.request('POST', `/api/complaints/${reference}/actions`, { body: step, headers: staff });
      expect({ step: step.action, status: done.status, body: done.status === 200 ? null : done.body }).toEqual({ step: step.action, status: 200, body: null });
    }
    await at('2026-06-01T12:00:00.000Z');
    ana.newTexts();
    await at('2026-06-03T12:00:00.000Z');
    const [asked] = ana.newTexts();
    expect(asked).toContain(`Your complaint ${reference} is closed. May we ask you a few short questions about how we did? Reply YES or NO.`);
    expect((await ana.text('yes')).replies.join('\n')).toContain(`How happy are you with how we handled your complaint ${reference}?`);
    expect((await ana.text('5')).replies.join('\n')).toContain('And how happy are you with the outcome?');
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'satisfaction.consent_recorded')).toMatchObject([
      { actor: 'customer', data: { consent: true, askedAt: 'closure' } },
    ]);
    const { items } = await server.app.get(SurveyResponseRepository).list({ channel: 'sms' }, { offset: 0, limit: 10 });
    expect(items.find((item) => item.reference === reference)).toMatchObject({ handling: 5 });
  });
});
