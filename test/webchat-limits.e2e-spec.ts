import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient, directLine } from './support/web-chat.js';

jest.setTimeout(60_000);

// Limits live in the server's memory, the same whatever the database: SQLite is enough.
describe('limits on the public web chat', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp('sqlite', { CHAT_STARTS_PER_MINUTE: '3', CHAT_MESSAGES_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const startFrom = (address: string) =>
    directLine(server.baseUrl, 'POST', '/conversations', { body: { locale: 'en-GB' }, headers: { 'x-forwarded-for': address } });

  it('refuses a client address its fourth new conversation in a minute, with when to try again', async () => {
    const started = [];
    for (let i = 0; i < 3; i++) started.push(await startFrom('203.0.113.7'));
    expect(started.map((answer) => answer.status)).toEqual([201, 201, 201]);

    const refused = await startFrom('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_requests', message: expect.stringMatching(/try again in \d+ s/) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.conversationId).toBeUndefined();

    // behind the trusted proxy, another customer's address has an allowance of its own
    expect((await startFrom('203.0.113.8')).status).toBe(201);
    // but the addresses of one IPv6 subscriber's /64 share one
    for (let i = 1; i <= 3; i++) expect((await startFrom(`2001:db8:1:2::${i}`)).status).toBe(201);
    expect((await startFrom('2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await startFrom('2001:db8:1:3::1')).status).toBe(201);
    // and a client coming back to its own conversation with its token is not starting a new one
    const again = await directLine(server.baseUrl, 'POST', '/conversations', {
      token: started[0].body.token,
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(started[0].body.conversationId);
  });

  it('refuses a conversation its fourth message in a minute and keeps it out of the transcript, other conversations unaffected', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    const other = await DirectLineClient.start(server.baseUrl);

    // requests with a forged token are refused before they count against the conversation
    const forged = () => client.call('POST', `/conversations/${client.conversationId}/activities`, { type: 'message', text: 'x' }, 'forged');
    for (let i = 0; i < 3; i++) expect((await forged()).status).toBe(401);

    for (const text of ['one', 'two', 'three']) await client.say(text);
    const refused = await client.post({ type: 'message', text: 'four', locale: 'en-GB', channelData: { clientActivityID: 'four' } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    await client.poll();
    const said = client.seen.filter((a) => a.from.role === 'user').map((a) => a.text);
    expect(said).toEqual(['one', 'two', 'three']);
    expect((await other.post({ type: 'message', text: 'hello', locale: 'en-GB' })).status).toBe(200);
  });
});
