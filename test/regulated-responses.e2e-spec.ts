import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

jest.setTimeout(120_000);

const OUR_NUMBER = '+447700900789';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };

/** A firm on the uk-fca profile whose customers text it: what the FCA's rules require, as the customer reads it. */
describe.each(dialects())('responses the FCA accepts, by SMS, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;
  let numbers = 0;

  beforeAll(async () => {
    const file = join(tmpdir(), `redress-fca-responses-${process.pid}-${dialect}.yaml`);
    writeFileSync(
      file,
      'profile: uk-fca\norganisation:\n  name: Example Bank plc\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }\n',
    );
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, twilio.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: file });
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  const newTexter = () => new SmsCustomer(server, twilio, account, `+4479112${String(++numbers).padStart(5, '0')}`, OUR_NUMBER);
  const act = (reference: string, body: Record<string, unknown>) => server.request('POST', `/api/complaints/${reference}/actions`, { body });
  const at = async (iso: string) => {
    await server.app.get(OutboxRelay).drain();
    server.clock.set(iso);
    await server.app.get(OutboxRelay).drain();
  };
  type Deadline = { promiseId: string; dueAt: string; settledAt: string | null };
  const deadlineOf = (complaint: { deadlines: Deadline[] }, promiseId: string) => complaint.deadlines.find((d) => d.promiseId === promiseId);
  /**
   * The texts this customer has been sent since the last look (and `seen` already), once one containing `expected` has
   * come, read as one: a long message arrives in several texts, cut at spaces, in the SMS alphabet (a dash for –).
   */
  const textsUntil = (customer: SmsCustomer, expected: string, seen: string[] = []) => {
    const texts = [...seen];
    return eventually(async () => {
      texts.push(...customer.newTexts());
      const read = texts.join(' ').replace(/\s+/g, ' ');
      expect(read).toContain(expected);
      return read;
    });
  };

  async function fileFor(customer: SmsCustomer, receivedAt: string): Promise<string> {
    await at(receivedAt);
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: customer.number }, category: 'billing', description: 'I was charged twice.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    for (const action of [{ action: 'assess', assessment: ASSESSMENT }, { action: 'start_investigation' }]) {
      expect((await act(reference, action)).status).toBe(200);
    }
    await textsUntil(customer, 'We have looked at your complaint');
    return reference;
  }

  it('DISP 1.6.2R: the 8 weeks run on while the customer is asked; the holding response goes before them with staff’s reasons; the final response carries Annex 3R', async () => {
    const sam = newTexter();
    // received Mon 2 Mar 2026, waiting for the customer 10–24 Mar: the final response is still due Mon 27 Apr
    const reference = await fileFor(sam, '2026-03-02T10:00:00.000Z');
    await at('2026-03-10T10:00:00.000Z');
    expect((await act(reference, { action: 'request_information', question: 'Which card did you pay with?' })).status).toBe(200);
    await textsUntil(sam, 'Which card did you pay with?');
    await at('2026-03-24T10:00:00.000Z');
    const resumed = await act(reference, { action: 'receive_information', message: 'The debit card.' });
    expect(deadlineOf(resumed.body, 'final-response')?.dueAt).toBe('2026-04-27T09:00:00.000Z');
    expect(deadlineOf(resumed.body, 'holding-response')?.dueAt).toBe('2026-04-27T09:00:00.000Z');

    // a week before: a holding response that says nothing of why, or promises a past date, cannot be sent
    await at('2026-04-20T09:00:00.000Z');
    const noReasons = await act(reference, { action: 'send_holding_response', reasons: ' ', expectedBy: '2026-05-11' });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body).toMatchObject({ code: 'validation_failed', fields: [expect.objectContaining({ field: 'reasons' })] });
    const past = await act(reference, { action: 'send_holding_response', reasons: 'We are waiting for the card scheme report.', expectedBy: '2026-04-01' });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'complaint_expected_date_invalid' });

    const sent = await act(reference, { action: 'send_holding_response', reasons: 'We are waiting for the card scheme report.', expectedBy: '2026-05-11T16:00:00Z' });
    expect(sent.status).toBe(200);
    expect(deadlineOf(sent.body, 'holding-response')?.settledAt).toBe('2026-04-20T09:00:00.000Z');
    // the last of its texts names the ombudsman's website
    const holding = await textsUntil(sam, 'how it works, on its website: https://www.financial-ombudsman.org.uk');
    expect(holding).toContain('We are waiting for the card scheme report.');
    expect(holding).toContain('We expect to give you our final response by Monday 11 May.');
    expect(holding).toContain('you can refer your complaint to the Financial Ombudsman Service now. It is free for you.');
    expect(holding).toContain('https://www.financial-ombudsman.org.uk');

    // the final response must say whether we consent to waive the ombudsman's time limits
    await at('2026-05-05T09:00:00.000Z');
    const proposal = { action: 'propose_response', outcome: 'We will refund the second charge.', explanation: 'It was taken in error.' };
    const refused = await act(reference, proposal);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'response_missing_element', fields: [expect.objectContaining({ field: 'waiveTimeLimits' })] });
    expect((await act(reference, { ...proposal, waiveTimeLimits: false })).status).toBe(200);
    // the last of its texts names the ombudsman's website
    const final = await textsUntil(sam, 'how it works, on its website: https://www.financial-ombudsman.org.uk');
    expect(final).toContain('this is what we propose');
    expect(final).toContain('You have the right to refer your complaint to the Financial Ombudsman Service, free of charge - but you must do so within six months of the date of this message.');
    expect(final).toContain('the Ombudsman will not have our permission to consider your complaint');
    expect(final).toContain('https://www.financial-ombudsman.org.uk');

    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.find((e: { type: string }) => e.type === 'complaint.holding_response_sent')).toMatchObject({
      data: { expectedBy: '2026-05-11T16:00:00.000Z', promiseId: 'holding-response', onTime: true },
    });
  });

  it('DISP 1.5: YES by the third business day brings the summary resolution communication; NO keeps no summary resolution', async () => {
    const ana = newTexter();
    const accepted = await fileFor(ana, '2026-03-02T10:00:00.000Z');
    await at('2026-03-03T10:00:00.000Z');
    expect((await act(accepted, { action: 'propose_response', outcome: 'We will refund the second charge.', explanation: 'It was taken in error.', waiveTimeLimits: false })).status).toBe(200);
    await textsUntil(ana, 'Reply YES');
    expect(deadlineOf((await server.request('GET', `/api/complaints/${accepted}`)).body, 'summary-resolution')?.settledAt).toBeNull();

    await at('2026-03-04T10:00:00.000Z');
    const { replies } = await ana.text('YES');
    const confirmation = await textsUntil(ana, 'how it works, on its website: https://www.financial-ombudsman.org.uk', replies);
    expect(confirmation).toContain('we now consider your complaint resolved');
    expect(confirmation).toContain('If you later become unhappy with how it was resolved, you may be able to refer it to the Financial Ombudsman Service.');
    expect(confirmation).toContain('within six months of the date of this message');
    expect(confirmation).toContain('https://www.financial-ombudsman.org.uk');
    const resolved = (await server.request('GET', `/api/complaints/${accepted}`)).body;
    expect(resolved.status).toBe('resolved');
    expect(deadlineOf(resolved, 'summary-resolution')?.settledAt).toBe('2026-03-04T10:00:00.000Z');

    const ben = newTexter();
    const rejected = await fileFor(ben, '2026-03-02T10:00:00.000Z');
    await at('2026-03-03T11:00:00.000Z');
    expect((await act(rejected, { action: 'propose_response', outcome: 'A £5 voucher.', explanation: 'As a goodwill gesture.', waiveTimeLimits: false })).status).toBe(200);
    await textsUntil(ben, 'Reply YES');
    const answered = [...(await ben.text('NO')).replies, ...(await ben.text('SKIP')).replies];
    const after = (await server.request('GET', `/api/complaints/${rejected}`)).body;
    expect(deadlineOf(after, 'summary-resolution')?.settledAt).toBeNull();
    expect([...answered, ...ben.newTexts()].join('\n')).not.toContain('consider your complaint resolved');
  });
});

/** A firm on the au-asic profile: RG 271's 30 days, the delay notice before them, and a case that stays open after. */
describe.each(dialects())('responses ASIC accepts, by SMS, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    const file = join(tmpdir(), `redress-asic-responses-${process.pid}-${dialect}.yaml`);
    writeFileSync(
      file,
      'profile: au-asic\norganisation:\n  name: Example Credit Pty Ltd\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+61 2 9999 0000" }\n',
    );
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, twilio.url, '+61491570156'), CODE_OF_CONDUCT_FILE: file });
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  const act = (reference: string, body: Record<string, unknown>) => server.request('POST', `/api/complaints/${reference}/actions`, { body });
  const at = async (iso: string) => {
    await server.app.get(OutboxRelay).drain();
    server.clock.set(iso);
    await server.app.get(OutboxRelay).drain();
  };

  it('RG 271: a delay notice before day 30 gives the reasons, the right to complain to AFCA and its contact details; at day 30 the case can still be investigated and answered', async () => {
    const customer = new SmsCustomer(server, twilio, account, '+61491570157', '+61491570156');
    await at('2026-03-01T23:00:00.000Z');
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: customer.number }, category: 'billing', description: 'I was charged twice.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    const delay = filed.body.deadlines.find((d: { promiseId: string }) => d.promiseId === 'delay-notice');
    expect(delay).toMatchObject({ dueAt: '2026-03-31T23:00:00.000Z', warnAt: '2026-03-26T23:00:00.000Z' });
    for (const action of [{ action: 'assess', assessment: ASSESSMENT }, { action: 'start_investigation' }]) {
      expect((await act(reference, action)).status).toBe(200);
    }

    await at('2026-03-27T01:00:00.000Z');
    const missing = await act(reference, { action: 'send_holding_response', reasons: '', expectedBy: '2026-04-15' });
    expect(missing.status).toBe(400);
    expect((await act(reference, { action: 'send_holding_response', reasons: 'We are waiting for records from the credit bureau.', expectedBy: '2026-04-15T06:00:00Z' })).status).toBe(200);
    const notice = await eventually(async () => {
      const read = twilio.sentTo(customer.number).map((sms) => sms.body).join(' ').replace(/\s+/g, ' ');
      expect(read).toContain('Contact AFCA: https://www.afca.org.au, 1800 931 678');
      return read;
    });
    expect(notice).toContain('We are waiting for records from the credit bureau.');
    expect(notice).toContain('You have the right to complain to the Australian Financial Complaints Authority (AFCA) now, which is free for you. Contact AFCA: https://www.afca.org.au, 1800 931 678');

    await at('2026-04-01T01:00:00.000Z');
    expect((await server.request('GET', `/api/complaints/${reference}`)).body.status).toBe('investigating');
    expect((await act(reference, { action: 'propose_response', outcome: 'We will refund the second charge.', explanation: 'It was taken in error.' })).status).toBe(200);
  });
});

