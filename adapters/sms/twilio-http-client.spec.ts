import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { FakeTwilio, twilioSid } from '../../test/support/fake-twilio.js';
import { createTwilioClient } from './twilio-client.js';
import { formEntries, rebase } from './twilio-http-client.js';

const ACCOUNT = twilioSid('AC');
const TOKEN = 'a'.repeat(32);

describe('TwilioHttpClient', () => {
  let fake: FakeTwilio;
  let client: ReturnType<typeof createTwilioClient>;

  beforeAll(async () => {
    fake = await new FakeTwilio(ACCOUNT, TOKEN).start();
    client = createTwilioClient(ACCOUNT, TOKEN, 5_000, fake.url);
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('sends a text through the SDK and hands back Twilio\'s answer', async () => {
    const statusCallback = 'https://redress.example.org/webhooks/twilio/status';
    const created = await client.messages.create({ to: '+447700900001', from: '+447700900123', body: 'Reply 1 for Yes & 2 for No. ¿Sí?', statusCallback });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.sentTo('+447700900001')).toEqual([
      expect.objectContaining({ sid: created.sid, from: '+447700900123', body: 'Reply 1 for Yes & 2 for No. ¿Sí?', statusCallback }),
    ]);
  });

  it('reads a page of the message list with its filters in the query', async () => {
    await client.messages.create({ to: '+447700900002', from: '+447700900123', body: 'First' });
    await client.messages.create({ to: '+447700900002', from: '+447700900123', body: 'Second' });
    const page = await client.messages.page({ to: '+447700900002', from: '+447700900123', pageSize: 50 });
    expect(page.instances.map((message) => message.body)).toEqual(['Second', 'First']);
    expect(Object.fromEntries(fake.lists.at(-1)!)).toEqual({ To: '+447700900002', From: '+447700900123', PageSize: '50' });
  });

  it('gives Twilio\'s refusal to the SDK, which raises it with Twilio\'s code', async () => {
    fake.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const refused = await client.messages.create({ to: '+447700900003', from: '+447700900123', body: 'Hello' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(twilio.RestException);
    expect(refused).toMatchObject({ status: 400, code: 21211 });
  });

  it('is refused with the wrong credentials', async () => {
    const wrong = createTwilioClient(ACCOUNT, 'b'.repeat(32), 5_000, fake.url);
    await expect(wrong.messages.create({ to: '+447700900004', from: '+447700900123', body: 'Hello' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('gives up on an answer that takes longer than the timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = createTwilioClient(ACCOUNT, TOKEN, 200, `http://127.0.0.1:${(silent.address() as { port: number }).port}`);
      await expect(slow.messages.create({ to: '+447700900005', from: '+447700900123', body: 'Hello' })).rejects.toThrow('Twilio did not answer within 200 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 10_000);

  it('fails when Twilio cannot be reached', async () => {
    const unreachable = createTwilioClient(ACCOUNT, TOKEN, 5_000, 'http://127.0.0.1:9');
    await expect(unreachable.messages.create({ to: '+447700900006', from: '+447700900123', body: 'Hello' })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe(rebase.name, () => {
  it('keeps the path and query and swaps the origin', () => {
    expect(rebase('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1', 'http://127.0.0.1:4010')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?PageSize=1',
    );
  });

  it('keeps a base path', () => {
    expect(rebase('https://api.twilio.com/2010-04-01/x.json', 'https://proxy.example.org/twilio/')).toBe('https://proxy.example.org/twilio/2010-04-01/x.json');
  });
});

describe(formEntries.name, () => {
  it('leaves out what is undefined, repeats a list and writes the rest as text', () => {
    expect(formEntries({ To: '+447700900001', Body: undefined, MediaUrl: ['https://a', 'https://b'], SmartEncoded: true, Attempt: null })).toEqual([
      ['To', '+447700900001'],
      ['MediaUrl', 'https://a'],
      ['MediaUrl', 'https://b'],
      ['SmartEncoded', 'true'],
      ['Attempt', ''],
    ]);
  });
});
