import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(120_000);

const OUR_NUMBER = '+447400000002';
const FILED = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\.[^]*Your secret code is ([0-9A-Z]{3}-[0-9A-Z]{3})\./;
const STATUS = /We have received your complaint\.\nWe will check it and tell you who is dealing with it\./;

/** A complaint made in web chat, to be kept updated in that chat: its reference and secret code. */
async function complainInChat(baseUrl: string): Promise<{ reference: string; code: string }> {
  const client = await DirectLineClient.start(baseUrl);
  await client.waitForBot(/What would you like to do\?/);
  await client.answer('Make a complaint', /Please tell me what happened/);
  await client.answer('My order arrived broken.', /What is your complaint about\?/);
  await client.answer('Delivery', /When did it happen\?/);
  await client.answer('yesterday', /What would put it right for you\?/);
  await client.answer('A new one', /How should we keep you updated\?/);
  await client.answer('In this chat', /Shall I send it\?/);
  await client.answer('Send it', /Your secret code is/);
  const [, reference, code] = FILED.exec(client.botTexts().join('\n')) ?? [];
  expect(reference).toBeDefined();
  expect(code).toBeDefined();
  return { reference, code };
}

/** A new conversation that asks after `reference` and is asked for proof. */
async function askAfter(baseUrl: string, reference: string): Promise<DirectLineClient> {
  const client = await DirectLineClient.start(baseUrl);
  await client.waitForBot(/What would you like to do\?/);
  await client.answer('Check a complaint', /What is your complaint reference\?/);
  await client.answer(reference, /the secret code that came with your reference/);
  return client;
}

describe.each(dialects())('a way back to a complaint for every customer on %s', (dialect) => {
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

  it('gives a customer updated in the chat a secret code with the reference, kept only as a hash, that lets them back in from a new chat', async () => {
    const { reference, code } = await complainInChat(server.baseUrl);
    const stored = JSON.stringify(await server.app.get(DataSource).query('SELECT * FROM complaint_secrets'));
    expect(stored).toContain(reference);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(code.replace('-', ''));

    const later = await askAfter(server.baseUrl, reference);
    // typed as people type: lower case, no dash
    await later.answer(code.toLowerCase().replace('-', ' '), STATUS);
  });

  it('says on the chat page that the reference and secret code bring a customer back from any device', async () => {
    const page = await server.request('GET', '/', { auth: false });
    expect(page.text).toContain('gives you a reference and a secret code for your complaint. With both you can come back here, from any device,');
  });

  it('lets a customer updated in the chat check by text with the code too', async () => {
    const { reference, code } = await complainInChat(server.baseUrl);
    const phone = new SmsCustomer(server, fake, account, '+447911000111', OUR_NUMBER);
    await phone.text('Hello');
    await phone.text('2');
    expect((await phone.text(reference)).replies.join('\n')).toContain('the secret code that came with your reference');
    expect((await phone.text(code)).replies.join('\n')).toMatch(STATUS);
  });

  it('gives a customer who complained by text a code too, that works from web chat', async () => {
    const sam = new SmsCustomer(server, fake, account, '+447911000222', OUR_NUMBER);
    await sam.text('Hello');
    await sam.text('1');
    await sam.text('My order arrived broken.');
    await sam.text('delivery');
    await sam.text('yesterday');
    await sam.text('A new one');
    await sam.text('1');
    const [, reference, code] = FILED.exec((await sam.text('1')).replies.join('\n')) ?? [];
    expect(code).toBeDefined();
    const later = await askAfter(server.baseUrl, reference);
    await later.answer(code, STATUS);
  });

  it('locks out those who guess, never the customer with the code', async () => {
    const { reference, code } = await complainInChat(server.baseUrl);
    // five wrong tries from two conversations: the first locks itself out after three
    const first = await askAfter(server.baseUrl, reference);
    await first.answer('1234', /Tries left: 2\./);
    await first.answer(reference, /the secret code/);
    await first.answer('2345', /Tries left: 1\./);
    await first.answer(reference, /the secret code/);
    await first.answer('3456', /too many tries\. Please try again in 15 minutes\./);
    const second = await askAfter(server.baseUrl, reference);
    await second.answer('4567', /Tries left: 2\./);
    await second.answer(reference, /the secret code/);
    await second.answer('5678', /only the secret code that came with it will do/);

    // the guesser stays locked out, even with the right code
    await first.answer('Not now', /anything else I can help with\?/);
    await first.answer('Check a complaint', /What is your complaint reference\?/);
    await first.answer(reference, /too many tries/);

    // the customer, from a new chat, gets in with the code
    const owner = await askAfter(server.baseUrl, reference);
    await owner.answer(code, STATUS);
  });
});
