import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { StaffBrowser } from './support/staff-browser.js';
import { STAFF_KEY, startApp, startBeside, type RunningApp } from './support/test-app.js';
import { DirectLineClient, directLine } from './support/web-chat.js';

jest.setTimeout(120_000);

/**
 * Two instances of Redress in one test process on one PostgreSQL database, as two servers behind a load balancer:
 * what one counts or holds, the other sees. SQLite serves one instance; its behaviour is what the other e2e tests show.
 */
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('two instances on one PostgreSQL database', () => {
  let first: RunningApp;
  let second: RunningApp;
  const limits = { CHAT_STARTS_PER_MINUTE: '4', CHAT_MESSAGES_PER_MINUTE: '4', TRUST_PROXY: 'loopback' };

  beforeAll(async () => {
    first = await startApp('postgres', limits);
    second = await startBeside(first, limits);
  }, 180_000);

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const startOn = (server: RunningApp, address: string) =>
    directLine(server.baseUrl, 'POST', '/conversations', { body: { locale: 'en-GB' }, headers: { 'x-forwarded-for': address } });

  it('counts a client address its new web chat conversations on both instances together', async () => {
    const answers = [];
    for (const server of [first, second, first, second]) answers.push((await startOn(server, '198.51.100.7')).status);
    expect(answers).toEqual([201, 201, 201, 201]);

    for (const server of [first, second]) {
      const refused = await startOn(server, '198.51.100.7');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/try again in \d+ s/) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // another address has its own allowance on either
    expect((await startOn(second, '198.51.100.8')).status).toBe(201);
  });

  it("counts a conversation's messages on both instances together, and keeps a refused one out of the transcript", async () => {
    const onFirst = await DirectLineClient.start(first.baseUrl);
    const onSecond = new DirectLineClient(second.baseUrl, onFirst.conversationId, onFirst.token);
    await onFirst.say('one');
    await onSecond.say('two');
    await onFirst.say('three');
    await onSecond.say('four');

    for (const client of [onFirst, onSecond]) {
      const refused = await client.post({ type: 'message', text: 'five', locale: 'en-GB', channelData: { clientActivityID: 'five' } });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('too_many_requests');
    }
    await onSecond.poll();
    expect(onSecond.seen.filter((a) => a.from.role === 'user').map((a) => a.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('bars an address that tried ten wrong keys on the report page, whichever instance took them', async () => {
    const browsers = [new StaffBrowser(first.baseUrl), new StaffBrowser(second.baseUrl)];
    for (let tried = 0; tried < 10; tried++) {
      expect((await browsers[tried % 2].signInWithKey(`wrong-key-${tried}`)).status).toBe(401);
    }
    for (const browser of browsers) {
      const barred = await browser.signInWithKey(STAFF_KEY);
      expect(barred.status).toBe(429);
      expect(barred.text).toMatch(/Too many wrong keys were tried from here. Try again in \d+ minutes?\./u);
    }
  });
});
