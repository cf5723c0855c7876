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
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(120_000);

const OUR_NUMBER = '+447700900123';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const handler = { 'x-staff-id': 'U-HAN', 'x-staff-role': 'handler' };
const supervisor = { 'x-staff-id': 'U-SUP', 'x-staff-role': 'supervisor' };
const FOS = 'financial-ombudsman-service';

function fcaCode(): string {
  const file = join(tmpdir(), `redress-dispute-journeys-${process.pid}.yaml`);
  writeFileSync(file, 'profile: uk-fca\norganisation:\n  name: Example Bank plc\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }\n');
  return file;
}

/**
 * ISO 10003 from the customer's side, on web chat and by SMS: a NO to our proposal is followed by the options, in
 * plain words with the last day to refer; the customer consents (or declines, or decides later and is reminded once);
 * staff refer, record the ombudsman's outcome and carry out the remedy; the customer hears of each step.
 */
describe.each(dialects())('dispute journeys on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, twilio.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: fcaCode() });
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  const relay = () => server.app.get(OutboxRelay);
  /** What the relay is sending is settled first: a jump mid-send would expire its lease and send it again. */
  const moveClock = async (iso: string) => {
    await relay().drain();
    server.clock.set(iso);
  };

  async function act(reference: string, body: Record<string, unknown>) {
    const response = await server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: handler });
    expect(response.status).toBe(200);
  }

  async function dispute(reference: string, body: Record<string, unknown>, headers = handler) {
    const response = await server.request('POST', `/api/complaints/${reference}/dispute/actions`, { body, headers });
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
    return response.body;
  }

  /** A complaint keyed in for this customer, investigated, and answered with a proposal they will not accept. */
  async function proposedTo(contact: { kind: string; value: string }): Promise<string> {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact, category: 'billing', description: 'I was charged twice for one order.', acknowledge: true },
      headers: handler,
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    await act(reference, { action: 'assess', assessment: ASSESSMENT });
    await act(reference, { action: 'start_investigation' });
    await act(reference, { action: 'propose_response', outcome: 'No refund', explanation: 'The two charges were for two orders.', waiveTimeLimits: false });
    return reference;
  }

  /** Staff take the dispute through to its end; what the customer is told of each step is checked by the caller. */
  async function staffFinish(reference: string) {
    await dispute(reference, { action: 'refer' });
    await dispute(reference, { action: 'record_acceptance', providerReference: 'FOS-2026-7781' });
    await dispute(reference, { action: 'record_outcome', outcome: 'upheld', explanation: 'Refund the second charge.', remedy: 'refund £40' }, supervisor);
    await dispute(reference, { action: 'implement_remedy' });
    return dispute(reference, { action: 'close' }, supervisor);
  }

  it('on web chat: NO → options explained → consent to refer and to share → referred → outcome → remedy → closed', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const chat = await DirectLineClient.start(server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    const reference = await proposedTo({ kind: 'webchat', value: chat.conversationId });
    await chat.waitForBot(/this is what we propose:\nNo refund/);

    await chat.answer('NO', /You can tell us why, or reply SKIP/);
    const reason = await chat.say('They were one order.');
    await chat.waitForBot(/Financial Ombudsman Service\. They are set up by law and independent of us/, reason);
    const explained = await chat.waitForBot(/The last day to ask them is Wednesday, 2 September 2026\./, reason);
    expect(explained.text).toContain('It is free for you.');
    expect(explained.text).toContain('If you accept their decision, we must do what it says; if you do not, you can still go to court.');
    expect(explained.text).toContain('Many complaints are settled within a few months');
    const asked = await chat.waitForBot(new RegExp(`Would you like Financial Ombudsman Service to look at your complaint ${reference}\\?`), reason);
    expect(asked.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, ask them', 'Decide later', 'No, thank you']);

    const share = await chat.answer('Yes, ask them', /May we share it with them\?/);
    expect(share.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, share it', 'No, do not share it']);
    await chat.answer('Yes, share it', new RegExp(`We have recorded that you want Financial Ombudsman Service to look at your complaint ${reference}\\.`));

    const consented = await server.request('GET', `/api/complaints/${reference}/dispute`);
    expect(consented.body).toMatchObject({ status: 'consented', providerId: FOS, consentToShare: true, wordingVersion: 'dispute-options-2026-12' });

    const closed = await staffFinish(reference);
    expect(closed.status).toBe('closed');
    await relay().drain();
    await chat.waitForBot(new RegExp(`We have sent your complaint ${reference} to Financial Ombudsman Service\\.`));
    await chat.waitForBot(/Their reference is FOS-2026-7781\./);
    await chat.waitForBot(/Financial Ombudsman Service has upheld your complaint .*We will do what they asked \(refund £40\) by Monday, 30 March 2026\./);
    await chat.waitForBot(/we have done what Financial Ombudsman Service asked\./);
    await chat.waitForBot(new RegExp(`The dispute about your complaint ${reference} is now closed\\.`));

    // asking again afterwards says where it stands rather than offering anything
    await chat.answer('what can I do?', new RegExp(`The dispute about your complaint ${reference} is closed\\.`));
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.integrity).toMatchObject({ intact: true });
    const offered = history.body.events.find((e: { type: string }) => e.type === 'dispute.offered');
    expect(offered).toMatchObject({ actor: 'customer', data: { options: [FOS], referralDeadline: '2026-09-02T09:00:00.000Z' } });
  });

  it('by SMS: NO → numbered options, a "1" inside a sentence is asked again → consent → referred → outcome → remedy → closed', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, twilio, account, '+447911000001', OUR_NUMBER);
    const reference = await proposedTo({ kind: 'phone', value: sam.number });
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain('this is what we propose:\nNo refund'));
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');

    expect(await said('NO')).toContain('You can tell us why, or reply SKIP.');
    const options = await said('SKIP');
    expect(options).toContain('The last day to ask them is Wednesday, 2 September 2026.');
    expect(options).toContain('Reply 1 for Yes, ask them, 2 for Decide later or 3 for No, thank you.');

    expect(await said('I think 1 of them is fine')).toContain('Sorry, I did not understand. Please choose one of these.');
    expect(await said('1')).toContain('May we share it with them?');
    expect(await said('2')).toContain('without your case file: they may ask you for it.');
    expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).body).toMatchObject({ status: 'consented', consentToShare: false });

    await staffFinish(reference);
    await relay().drain();
    await eventually(async () => {
      const texts = sam.newTexts().join('\n');
      expect(texts).toContain(`We have sent your complaint ${reference} to Financial Ombudsman Service.`);
      expect(texts).toContain(`The dispute about your complaint ${reference} is now closed.`);
    });
  });

  it('by SMS: a customer who declines is told so, and the dispute can be closed', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, twilio, account, '+447911000002', OUR_NUMBER);
    const reference = await proposedTo({ kind: 'phone', value: sam.number });
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain('this is what we propose'));
    await sam.text('NO');
    await sam.text('SKIP');
    expect((await sam.text('3')).replies.join('\n')).toContain(`We have recorded that you do not want to take your complaint ${reference} further.`);
    expect((await dispute(reference, { action: 'close' }, supervisor)).status).toBe('closed');
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.find((e: { type: string }) => e.type === 'dispute.declined')).toMatchObject({ actor: 'customer', data: { wordingVersion: 'dispute-options-2026-12' } });
  });

  it('by SMS: deciding later with a reminder gets one reminder before the last day, after a restart too', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, twilio, account, '+447911000004', OUR_NUMBER);
    const reference = await proposedTo({ kind: 'phone', value: sam.number });
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain('this is what we propose'));
    await sam.text('NO');
    expect((await sam.text('SKIP')).replies.join('\n')).toContain('Would you like Financial Ombudsman Service to look at your complaint');
    expect((await sam.text('Decide later')).replies.join('\n')).toContain('Shall we send you one reminder before the last day, Wednesday, 2 September 2026?');
    expect((await sam.text('1')).replies.join('\n')).toContain('We will remind you once, before Wednesday, 2 September 2026.');
    const reminders = () => twilio.sentTo(sam.number).filter((sms) => sms.body.includes('you asked us to remind you'));

    await server.restart();
    await moveClock('2026-08-18T09:00:00.000Z');
    await relay().drain();
    expect(reminders()).toHaveLength(0);

    await moveClock('2026-08-20T09:00:00.000Z');
    await relay().drain();
    await eventually(async () => expect(reminders()).toHaveLength(1));
    expect(reminders()[0].body).toContain(
      `About your complaint ${reference}: you asked us to remind you. The last day to ask Financial Ombudsman Service to look at it is Wednesday, 2 September 2026.`,
    );
    await moveClock('2026-08-30T09:00:00.000Z');
    await relay().drain();
    expect(reminders()).toHaveLength(1);

    // OPTIONS brings the choice back, and this time the customer declines
    sam.newTexts();
    expect((await sam.text('OPTIONS')).replies.join('\n')).toContain('Would you like Financial Ombudsman Service to look at your complaint');
    expect((await sam.text('3')).replies.join('\n')).toContain(`you do not want to take your complaint ${reference} further`);
    await moveClock('2026-03-02T10:00:00.000Z');
  });

  it('on web chat in Spanish: "¿qué puedo hacer?" after a rejection explains the options in Spanish and takes the answer', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const chat = await DirectLineClient.start(server.baseUrl, 'es-ES');
    await chat.waitForBot(/¿Qué quiere hacer\?/);
    const reference = await proposedTo({ kind: 'webchat', value: chat.conversationId });
    // the customer said NO by phone; staff record it
    await act(reference, { action: 'reject_response', reason: 'Por teléfono.' });
    await relay().drain();
    // written in the language the complaint was made in (English here); the conversation goes on in Spanish
    await chat.waitForBot(/Reply OPTIONS to tell us what you want to do/);

    const asked = await chat.say('¿qué puedo hacer?');
    const explained = await chat.waitForBot(/Financial Ombudsman Service\. Son independientes de nosotros, creados por ley/, asked);
    expect(explained.text).toContain('Es gratis para usted.');
    expect(explained.text).toContain('Si acepta su decisión, debemos cumplirla; si no, puede ir a los tribunales.');
    expect(explained.text).toContain('El último día para pedírselo es el miércoles, 2 de septiembre de 2026.');
    const question = await chat.waitForBot(new RegExp(`¿Quiere que Financial Ombudsman Service revise su queja ${reference}\\?`), asked);
    expect(question.suggestedActions?.actions.map((a) => a.title)).toEqual(['Sí, pídaselo', 'Decidiré más tarde', 'No, gracias']);
    await chat.answer('No, gracias', new RegExp(`Hemos anotado que no quiere llevar su queja ${reference} más allá\\.`));
    expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).body).toMatchObject({ status: 'declined', trigger: 'response_rejected' });
  });

  it('by SMS: a missed final-response deadline is followed by the options in writing, and OPTIONS answers them', async () => {
    await moveClock('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, twilio, account, '+447911000003', OUR_NUMBER);
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: sam.number }, category: 'billing', description: 'Nobody answers me.', acknowledge: true },
      headers: handler,
    });
    const reference = filed.body.reference as string;
    await relay().drain();
    sam.newTexts();

    // eight calendar weeks (DISP 1.6.2R) pass with no final response
    await moveClock('2026-04-28T10:00:00.000Z');
    await relay().drain();
    await eventually(async () => expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).body).toMatchObject({ status: 'offered', trigger: 'deadline_missed' }));
    await relay().drain();
    await eventually(async () => {
      const texts = sam.newTexts().join('\n');
      expect(texts).toContain(`About your complaint ${reference}:\nIf you are not happy with our answer`);
      expect(texts).toContain('Financial Ombudsman Service.');
      expect(texts).toContain('Reply OPTIONS to tell us what you want to do');
    });

    const reply = (await sam.text('OPTIONS')).replies.join('\n');
    expect(reply).toContain(`Would you like Financial Ombudsman Service to look at your complaint ${reference}?`);
  });
});
