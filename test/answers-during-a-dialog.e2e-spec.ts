import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { eventually } from './support/eventually.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

const OUR_NUMBER = '+447700900123';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };

/**
 * A customer in the middle of a new complaint hears from staff about an older one. Their next message may be the
 * answer to staff or to the open question: it must reach the case, or the bot must ask which one they meant, and
 * the new complaint must carry on where it was.
 */
describe.each(dialects())('an answer to staff while another dialog is open, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, smsSettings(account, twilio.url, OUR_NUMBER));
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  /** A complaint staff keyed in for this customer, moved on to where staff can propose or ask. */
  async function caseUnderInvestigation(contact: { kind: string; value: string }): Promise<string> {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact, category: 'billing', description: 'I was charged twice.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    await act(reference, { action: 'assess', assessment: ASSESSMENT });
    await act(reference, { action: 'start_investigation' });
    return reference;
  }

  async function act(reference: string, body: Record<string, unknown>) {
    const response = await server.request('POST', `/api/complaints/${reference}/actions`, { body });
    expect(response.status).toBe(200);
    return response.body;
  }

  const statusOf = async (reference: string) => (await server.request('GET', `/api/complaints/${reference}`)).body.status;

  it('on web chat: asks whether "NO" answers the proposal, records it, then carries on with the new complaint', async () => {
    const chat = await DirectLineClient.start(server.baseUrl);
    const reference = await caseUnderInvestigation({ kind: 'webchat', value: chat.conversationId });
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened\./);
    await chat.answer('My new phone arrived with a cracked screen.', /What is your complaint about\?/);

    await act(reference, { action: 'propose_response', outcome: 'a refund of the second charge', explanation: 'It was our mistake.' });
    await chat.waitForBot(/this is what we propose:\na refund of the second charge/);

    const which = await chat.answer('NO', new RegExp(`Is that your answer to our proposal for complaint ${reference}\\?`));
    expect(which.suggestedActions?.actions.map((a) => a.title)).toEqual(['It is my answer', 'Carry on here']);
    expect(await statusOf(reference)).toBe('response_proposed');

    const rejected = await chat.say('It is my answer');
    await chat.waitForBot(/We have recorded that you do not accept/, rejected);
    await chat.waitForBot(/You can tell us why, or reply SKIP/, rejected);
    expect(await statusOf(reference)).toBe('unresolved');

    // the reason goes on the old case, what the customer can do now is offered; then the new complaint is asked
    // about again, where it was
    const reason = await chat.say('The second charge is still there.');
    await chat.waitForBot(new RegExp(`We have added this to your complaint ${reference}`), reason);
    await chat.waitForBot(new RegExp(`Would you like a supervisor to review your complaint ${reference}\\?`), reason);
    const declined = await chat.say('No, thank you');
    await chat.waitForBot(new RegExp(`you do not want to take your complaint ${reference} further`), declined);
    await chat.waitForBot(/What is your complaint about\?/, declined);
    await chat.answer('Product', /When did it happen\?/);
    const history = (await server.request('GET', `/api/complaints/${reference}/history`)).body.events;
    expect(history.map((e: { type: string }) => e.type)).toContain('message.received_from_customer');
  });

  it('on web chat: "Carry on here" leaves the proposal waiting, and the menu takes the answer afterwards', async () => {
    const chat = await DirectLineClient.start(server.baseUrl);
    const reference = await caseUnderInvestigation({ kind: 'webchat', value: chat.conversationId });
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened\./);
    await chat.answer('My new phone arrived with a cracked screen.', /What is your complaint about\?/);
    await act(reference, { action: 'propose_response', outcome: 'a refund', explanation: 'Our mistake.' });
    await chat.waitForBot(/this is what we propose:\na refund/);

    await chat.answer('yes', new RegExp(`Is that your answer to our proposal for complaint ${reference}\\?`));
    const carried = await chat.say('Carry on here');
    await chat.waitForBot(/What is your complaint about\?/, carried);
    expect(await statusOf(reference)).toBe('response_proposed');
    // asked once: the next answer is the new complaint's
    await chat.answer('Product', /When did it happen\?/);
    await chat.answer('start again', /What would you like to do\?/);
    const accepted = await chat.say('yes');
    await chat.waitForBot(new RegExp(`We have recorded that you accept\\. Your complaint ${reference} is resolved\\.`), accepted);
    expect(await statusOf(reference)).toBe('resolved');
  });

  it('on web chat: an answer to a question from staff during a status check reaches the case', async () => {
    const chat = await DirectLineClient.start(server.baseUrl);
    const reference = await caseUnderInvestigation({ kind: 'webchat', value: chat.conversationId });
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Check a complaint', /reference/);
    await act(reference, { action: 'request_information', question: 'Which card did you pay with?' });
    await chat.waitForBot(/Which card did you pay with\?/);

    await chat.answer('The Visa ending 1234', new RegExp(`Is that your answer to our question about complaint ${reference}\\?`));
    const answered = await chat.say('1');
    await chat.waitForBot(new RegExp(`We have added this to your complaint ${reference} and will carry on`), answered);
    expect(await statusOf(reference)).toBe('investigating');
    const history = (await server.request('GET', `/api/complaints/${reference}/history`)).body.events;
    expect(history.find((e: { type: string }) => e.type === 'complaint.information_received').data.message).toBe('The Visa ending 1234');
  });

  it('by SMS: "NO" during an intake is asked about, recorded on the case, and the intake carries on', async () => {
    const sam = new SmsCustomer(server, twilio, account, '+447911123456', OUR_NUMBER);
    const reference = await caseUnderInvestigation({ kind: 'phone', value: '+447911123456' });
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');
    expect(await said('Hello')).toContain('What would you like to do?');
    expect(await said('1')).toContain('Please tell me what happened.');
    expect(await said('My new phone arrived with a cracked screen.')).toContain('What is your complaint about?');

    await act(reference, { action: 'propose_response', outcome: 'a refund of the second charge', explanation: 'It was our mistake.' });
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain('this is what we propose:\na refund of the second charge'));

    const which = await said('NO');
    expect(which).toContain(`Is that your answer to our proposal for complaint ${reference}?`);
    expect(which).toContain('Reply 1 for It is my answer or 2 for Carry on here.');
    expect(await statusOf(reference)).toBe('response_proposed');

    const rejected = await said('1');
    expect(rejected).toContain('We have recorded that you do not accept');
    expect(await statusOf(reference)).toBe('unresolved');
    const skipped = await said('SKIP');
    expect(skipped).toContain('That is fine. Thank you for letting us know.');
    expect(skipped).toContain('This is not independent: they work for us.');
    expect(skipped).toContain(`Would you like a supervisor to review your complaint ${reference}?`);
    const later = await said('2');
    expect(later).toContain('That is fine. When you are ready, write OPTIONS.');
    expect(later).toContain('What is your complaint about?');
    expect(await said('Product')).toContain('When did it happen?');
  });
});
