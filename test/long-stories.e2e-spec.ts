import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DESCRIPTION_MAX } from '../src/complaints/domain/description.js';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(120_000);

const OUR_NUMBER = '+447400000003';
const FILED = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;
const ADDED = /I have added that to what happened\./;

const FIRST = 'On Monday the courier left my parcel outside in the rain, although I had asked for it to be left with a neighbour.';
const SECOND = 'When I opened it, the laptop inside was soaked and it will not switch on. I have photos of the box on the doorstep.';
const THIRD = 'I called three times and each time I was promised a call back that never came.';

describe.each(dialects())('long and multi-part stories on %s', (dialect) => {
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

  const descriptionOf = async (reference: string) => (await server.request('GET', `/api/complaints/${reference}`)).body.description;

  /** From the topic question on, to a filed complaint kept up to date in the chat; answers its reference. */
  async function finishInChat(client: DirectLineClient): Promise<string> {
    await client.answer('Delivery', /When did it happen\?/);
    await client.answer('yesterday', /What would put it right for you\?/);
    await client.answer('A new laptop', /How should we keep you updated\?/);
    await client.answer('In this chat', /Shall I send it\?/);
    const filed = await client.answer('Send it', FILED);
    return FILED.exec(filed.text ?? '')![1];
  }

  it(`states the ${DESCRIPTION_MAX}-character limit when it asks, and keeps a story of several paragraphs in one message whole`, async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    const asked = await client.answer('Make a complaint', /Please tell me what happened\./);
    expect(asked.text).toContain(`up to ${DESCRIPTION_MAX} characters, in one message or several`);
    await client.answer(`${FIRST}\n\n${SECOND}\n${THIRD}`, /What is your complaint about\?/);
    const reference = await finishInChat(client);
    expect(await descriptionOf(reference)).toBe(`${FIRST}\n\n${SECOND}\n${THIRD}`);
  });

  it('makes one story of several messages sent one after another in web chat', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened\./);
    await client.answer(FIRST, /What is your complaint about\?/);
    const added = await client.answer(SECOND, ADDED);
    expect(added.text).toMatch(/what is your complaint about\?/i);
    await client.answer(THIRD, ADDED);
    const reference = await finishInChat(client);
    expect(await descriptionOf(reference)).toBe(`${FIRST}\n\n${SECOND}\n\n${THIRD}`);
  });

  it('says so, and adds nothing, when a further message would take the story over the limit; a shorter one is added', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened\./);
    const long = 'x'.repeat(DESCRIPTION_MAX - 100);
    await client.answer(long, /What is your complaint about\?/);
    const refused = await client.answer('y'.repeat(150), /I have not added it/);
    expect(refused.text).toContain(`longer than ${DESCRIPTION_MAX} characters`);
    expect(refused.text).toContain('You have 98 characters left.');
    await client.answer('z'.repeat(98), ADDED);
    const reference = await finishInChat(client);
    expect(await descriptionOf(reference)).toBe(`${long}\n\n${'z'.repeat(98)}`);
  });

  it('answers a message over the limit in the chat rather than failing it', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened\./);
    const tooLong = await client.answer('w'.repeat(DESCRIPTION_MAX + 1), /That is too long for me/);
    expect(tooLong.text).toContain(`It has ${DESCRIPTION_MAX + 1} characters, and I can take ${DESCRIPTION_MAX}.`);
  });

  it('makes one story of a long text that reaches us in several parts', async () => {
    const sam = new SmsCustomer(server, fake, account, '+447911000333', OUR_NUMBER);
    await sam.text('Hello');
    expect((await sam.text('1')).replies.join('\n')).toContain(`up to ${DESCRIPTION_MAX} characters, in one message or several`);
    expect((await sam.text(FIRST)).replies.join('\n')).toContain('What is your complaint about?');
    const added = (await sam.text(SECOND)).replies.join('\n');
    expect(added).toMatch(ADDED);
    expect(added).toContain('Reply 1 for Delivery');
    await sam.text('1');
    await sam.text('yesterday');
    await sam.text('A new laptop');
    await sam.text('1');
    const reference = FILED.exec((await sam.text('1')).replies.join('\n'))![1];
    expect(await descriptionOf(reference)).toBe(`${FIRST}\n\n${SECOND}`);
  });

  it('takes in the staff API the same length of story as in the chat, and no more', async () => {
    const body = (description: string) => ({
      channel: 'api',
      contact: { kind: 'email', value: 'sam@example.com' },
      category: 'delivery',
      description,
    });
    expect((await server.request('POST', '/api/complaints', { body: body('d'.repeat(DESCRIPTION_MAX)) })).status).toBe(201);
    const refused = await server.request('POST', '/api/complaints', { body: body('d'.repeat(DESCRIPTION_MAX + 1)) });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'description' })]);
  });
});
