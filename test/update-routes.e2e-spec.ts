import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

/** A customer is only offered ways to be kept updated that can reach them: no email channel, no "An email address". */
describe.each(dialects())('the ways offered to keep a customer updated, on %s', (dialect) => {
  let withSms: CustomerAndStaff;
  let chatOnly: RunningApp;

  beforeAll(async () => {
    withSms = await CustomerAndStaff.start(dialect);
    chatOnly = await startApp(dialect);
  });

  afterAll(async () => {
    await withSms?.stop();
    await chatOnly?.stop();
  });

  async function offered(baseUrl: string): Promise<string[]> {
    const chat = await DirectLineClient.start(baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened/);
    await chat.answer('My order arrived broken.', /What is your complaint about\?/);
    await chat.answer('Delivery', /When did it happen\?/);
    await chat.answer('yesterday', /What would put it right for you\?/);
    const asked = await chat.answer('A new one', /How should we keep you updated\?/);
    return asked.suggestedActions?.actions.map((a) => a.title) ?? [];
  }

  it('on web chat with SMS set up: this chat or a phone number, and no email', async () => {
    expect(await offered(withSms.server.baseUrl)).toEqual(['In this chat', 'A phone number']);
  });

  it('on web chat with nothing else set up: this chat only', async () => {
    expect(await offered(chatOnly.baseUrl)).toEqual(['In this chat']);
  });

  it('by SMS: this number or another, and no email', async () => {
    const sam = withSms.sms('+447911123321');
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');
    await said('Hello');
    await said('1');
    await said('My order arrived broken.');
    await said('Delivery');
    await said('yesterday');
    const asked = await said('A new one');
    expect(asked).toContain('Reply 1 for By text to this number or 2 for A phone number.');
    expect(asked).not.toMatch(/email/i);
  });
});
