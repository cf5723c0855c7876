import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { RecordingServer } from './support/recording-server.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(60_000);

function activity(channel: RecordingServer, fields: Record<string, unknown>) {
  return {
    channelId: 'directline',
    serviceUrl: channel.url,
    conversation: { id: 'azure-conversation-1' },
    from: { id: 'azure-user-1', name: 'Sam' },
    recipient: { id: 'redress-bot', name: 'Redress' },
    locale: 'en-GB',
    timestamp: '2026-03-02T10:00:00.000Z',
    ...fields,
  };
}

describe.each(dialects())('POST /api/messages (Azure Bot Service) on %s', (dialect) => {
  let server: RunningApp;
  const channel = new RecordingServer();

  beforeAll(async () => {
    await channel.start();
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
    await channel.stop();
  });

  const send = (body: unknown) => server.request('POST', '/api/messages', { body, auth: false });
  const posted = (path: string) => channel.requests.filter((r) => r.method === 'POST' && r.path === `/v3/conversations/azure-conversation-1/activities${path}`);
  const repliesTo = (id: string) => posted(`/${id}`);

  it('runs the bot for an anonymous activity and posts its replies to the service URL', async () => {
    const greeted = await send(
      activity(channel, { type: 'conversationUpdate', id: 'update-1', membersAdded: [{ id: 'azure-user-1' }, { id: 'redress-bot' }] }),
    );
    expect(greeted.status).toBe(200);
    // botbuilder never replies to a Direct Line conversation update: the greeting is sent to the conversation
    const greeting = posted('').map((r) => r.body);
    expect(greeting.map((b) => b.text).join('\n')).toMatch(/Hello\. I can help you make a complaint[\s\S]*What would you like to do\?/);
    expect(greeting[0]).toMatchObject({
      type: 'message',
      from: { id: 'redress-bot' },
      recipient: { id: 'azure-user-1' },
      conversation: { id: 'azure-conversation-1' },
    });

    const asked = await send(activity(channel, { type: 'message', id: 'message-1', text: 'Make a complaint' }));
    expect(asked.status).toBe(200);
    expect(repliesTo('message-1').map((r) => r.body)).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/Please tell me what happened\./), replyToId: 'message-1' }),
    ]);
    // anonymous: nothing to sign the replies with
    expect(repliesTo('message-1')[0].headers.authorization).toBeUndefined();
  });

  it('refuses an activity without what it needs to be answered, naming the fields', async () => {
    const response = await send({ type: 'message', text: 'hi', conversation: {} });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['serviceUrl', 'channelId', 'conversation.id', 'from']),
    );
  });
});

describe('POST /api/messages with Bot Framework credentials', () => {
  let server: RunningApp;
  const channel = new RecordingServer();

  beforeAll(async () => {
    await channel.start();
    server = await startApp('sqlite', {
      MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001',
      MICROSOFT_APP_PASSWORD: 'not-a-real-password',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await channel.stop();
  });

  it('refuses an unsigned request with 401 and never runs the bot', async () => {
    const response = await server.request('POST', '/api/messages', {
      body: activity(channel, { type: 'message', id: 'message-1', text: 'Make a complaint' }),
      auth: false,
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'bot_framework_unauthorised' });
    expect(channel.requests).toEqual([]);
  });
});

describe('POST /api/messages in production without credentials', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp('sqlite', { NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses to run anonymously, as anyone could make the server post to any address', async () => {
    const response = await server.request('POST', '/api/messages', {
      body: { type: 'message', text: 'hi', channelId: 'directline', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' } },
      auth: false,
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'bot_service_not_configured' });
  });
});
