import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(60_000);

const OUR_NUMBER = '+447400000001';
/** Ofcom's range for drama: libphonenumber calls it invalid, yet Twilio delivered a text from it. */
const DRAMA_NUMBER = '+447700900123';
const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;

describe.each(dialects())('phone numbers customers give on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, smsSettings(account, fake.url, OUR_NUMBER));
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const said = (replies: string[]) => replies.join('\n');

  /** Texts a complaint up to the question of how to keep the customer updated. */
  async function toContactQuestion(customer: SmsCustomer): Promise<void> {
    await customer.text('Hello');
    await customer.text('1');
    await customer.text('The engineer never came to fix the boiler.');
    await customer.text('service');
    await customer.text('yesterday');
    expect(said((await customer.text('A visit this week')).replies)).toContain('How should we keep you updated?');
  }

  it('takes "by text to this number" from a number Twilio delivered from, though libphonenumber calls it invalid', async () => {
    const drama = new SmsCustomer(server, fake, account, DRAMA_NUMBER, OUR_NUMBER);
    await toContactQuestion(drama);
    expect(said((await drama.text('1')).replies)).toContain('Updates: by text to this number');
    const filed = said((await drama.text('1')).replies);
    expect(filed).not.toContain('could not use those contact details');
    const reference = REFERENCE.exec(filed)?.[1];
    expect(reference).toBeDefined();

    const complaint = await server.request('GET', `/api/complaints/${reference}`);
    expect(complaint.body).toMatchObject({ channel: 'sms', contact: { kind: 'phone', masked: '+44 •••• ••• 123' } });
    const disclosed = await server.request('POST', `/api/complaints/${reference}/contact-disclosures`, { body: { reason: 'test' } });
    expect(disclosed.body).toEqual({ kind: 'phone', value: DRAMA_NUMBER });
  });

  it('reads a number typed by text in national form in the code of conduct’s country, and refuses a bad one at the question', async () => {
    const texter = new SmsCustomer(server, fake, account, DRAMA_NUMBER.replace(/123$/, '456'), OUR_NUMBER);
    await toContactQuestion(texter);
    expect(said((await texter.text('2')).replies)).toContain('What phone number should we use?');
    expect(said((await texter.text('12345')).replies)).toContain('That does not look like a phone number.');
    expect(said((await texter.text('07911 123456')).replies)).toContain('We will only use this for this complaint: to update you, and to ask how we did if you agree to that.');
    const summary = said((await texter.text('yes')).replies);
    expect(summary).toContain('Updates: by phone to +447911123456');
    const filed = said((await texter.text('1')).replies);
    expect(filed).toMatch(REFERENCE);
  });

  it('reads a number typed in web chat in national form in the code of conduct’s country, and refuses a bad one at the question', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened/);
    await client.answer('The engineer never came to fix the boiler.', /What is your complaint about\?/);
    await client.answer('Service', /When did it happen\?/);
    await client.answer('yesterday', /What would put it right for you\?/);
    await client.answer('A visit this week', /How should we keep you updated\?/);
    await client.answer('A phone number', /What phone number should we use\?/);
    await client.answer('+44 7700 900123', /That does not look like a phone number\./);
    await client.answer('07911 123456', /We will only use this for this complaint: to update you, and to ask how we did if you agree to that\./);
    await client.answer('Yes', /Shall I send it\?/);
    expect(client.botTexts().join('\n')).toContain('Updates: by phone to +447911123456');
    const filed = await client.answer('Send it', REFERENCE);
    expect(filed.text).toMatch(REFERENCE);
  });
});
