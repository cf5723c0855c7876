import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { eventCallback, sendToSlackEndpoint } from './support/slack-requests.js';
import { startApp } from './support/test-app.js';

describe.each(dialects())('POST /slack/events on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers Slack’s URL verification with the challenge', async () => {
    const response = await app.send(JSON.stringify({ token: 't', challenge: 'c-3f9a', type: 'url_verification' }), 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ challenge: 'c-3f9a' });
  });

  it.each([
    ['a wrong signing secret', { secret: 'not-the-secret' }],
    ['a stale timestamp (over five minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('refuses %s with 401 and does nothing', async (_name, options) => {
    const { reference, cardTs } = await app.file();
    const before = await app.history(reference);
    const note = eventCallback(
      { type: 'message', channel: CASES_CHANNEL, user: PEOPLE.handler, text: 'Forged note', ts: '1772445700.000100', thread_ts: cardTs },
      `Ev-forged-${reference}`,
    );
    const response = await app.send(note, 'application/json', options);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'slack_signature_invalid' });
    expect(await app.history(reference)).toEqual(before);
  });

  it('refuses a request without Slack’s headers with 401', async () => {
    const response = await fetch(`${app.server.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url_verification', challenge: 'x' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'slack_signature_invalid' });
  });

  it('acts once on an event that Slack retries', async () => {
    const { reference, cardTs } = await app.file();
    const note = eventCallback(
      { type: 'message', channel: CASES_CHANNEL, user: PEOPLE.handler, text: 'Courier says it was left with a neighbour', ts: '1772445700.000200', thread_ts: cardTs },
      `Ev-retried-${reference}`,
    );
    const first = await app.send(note, 'application/json');
    const retry = await app.send(note, 'application/json', { retryNum: 1 });
    const again = await app.send(note, 'application/json', { retryNum: 2 });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    const notes = (await app.history(reference)).filter((e) => e.type === 'note.added');
    expect(notes).toEqual([expect.objectContaining({ actor: `staff:${PEOPLE.handler}`, data: { text: 'Courier says it was left with a neighbour', source: `slack:${CASES_CHANNEL}/1772445700.000200` } })]);
  });

  it('answers Slack’s ssl_check without acting', async () => {
    const response = await fetch(`${app.server.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    });
    expect(response.status).toBe(200);
  });

  it('leaves the staff API’s JSON parsing alone', async () => {
    const response = await app.server.request('POST', '/api/complaints', { body: '{"channel": ' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_json' });
  });
});

describe.each(dialects())('POST /slack/events without Slack configured, on %s', (dialect) => {
  it('answers 404 with a code and changes nothing', async () => {
    const server = await startApp(dialect);
    try {
      const response = await sendToSlackEndpoint(server.baseUrl, JSON.stringify({ type: 'url_verification', challenge: 'x' }), 'application/json');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'slack_not_configured' });
    } finally {
      await server.stop();
    }
  });
});
