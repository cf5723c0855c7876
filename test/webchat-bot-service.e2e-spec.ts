import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { RecordingServer, type RecordedRequest } from './support/recording-server.js';
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

/** The Bot Framework Emulator's set-up: no credentials, anonymous use switched on, everything on this machine. */
const ANONYMOUS = { BOT_SERVICE_ALLOW_ANONYMOUS: 'true' };

describe.each(dialects())('POST /api/messages (Azure Bot Service) on %s', (dialect) => {
  let server: RunningApp;
  const channel = new RecordingServer();

  beforeAll(async () => {
    await channel.start();
    server = await startApp(dialect, ANONYMOUS);
  });

  afterAll(async () => {
    await server?.stop();
    await channel.stop();
  });

  const send = (body: unknown) => server.request('POST', '/api/messages', { body, auth: false });
  const posted = (path: string, conversationId = 'azure-conversation-1') =>
    channel.requests.filter((r) => r.method === 'POST' && r.path === `/v3/conversations/${conversationId}/activities${path}`);
  const repliesTo = (id: string, conversationId?: string) => posted(`/${id}`, conversationId);
  /** The turns of what was acknowledged run after the answer: wait for those under way. */
  const turnsRun = () => server.app.get(InboundPipeline).drain();

  it('runs the bot for an anonymous activity and posts its replies to the service URL', async () => {
    const greeted = await send(
      activity(channel, { type: 'conversationUpdate', id: 'update-1', membersAdded: [{ id: 'azure-user-1' }, { id: 'redress-bot' }] }),
    );
    expect(greeted.status).toBe(202);
    await turnsRun();
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
    expect(asked.status).toBe(202);
    await turnsRun();
    expect(repliesTo('message-1').map((r) => r.body)).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/Please tell me what happened\./), replyToId: 'message-1' }),
    ]);
    // anonymous: nothing to sign the replies with
    expect(repliesTo('message-1')[0].headers.authorization).toBeUndefined();
  });

  it('runs an activity the channel sends again once, and answers both sends', async () => {
    const conversation = { id: 'azure-conversation-retried' };
    const hello = activity(channel, { type: 'message', id: 'retried-1', text: 'Hello', conversation });
    expect((await send(hello)).status).toBe(202);
    expect((await send(hello)).status).toBe(202);
    await turnsRun();
    const replies = repliesTo('retried-1', conversation.id).map((r) => r.body.text);
    expect(replies.join('\n')).toMatch(/What would you like to do\?/);
    // one turn: the menu once
    expect(replies.filter((text) => /What would you like to do\?/.test(text))).toHaveLength(1);
  });

  it('runs at the next start the turn of an activity acknowledged just before a stop, once', async () => {
    const conversation = { id: 'azure-conversation-restarted' };
    // the server answers the channel, then stops before the turn runs
    await server.app.get(InboundPipeline).beforeApplicationShutdown();
    expect((await send(activity(channel, { type: 'message', id: 'before-stop-1', text: 'Make a complaint', conversation }))).status).toBe(202);
    expect(repliesTo('before-stop-1', conversation.id)).toEqual([]);

    await server.restart();
    const replies = await eventually(async () => {
      const found = repliesTo('before-stop-1', conversation.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(replies[0].body.text).toMatch(/Please tell me what happened\./);
    await turnsRun();
    expect(repliesTo('before-stop-1', conversation.id)).toHaveLength(1);
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

describe.each(dialects())('messages the outbox owes an /api/messages conversation on %s', (dialect) => {
  let server: RunningApp;
  const channel = new RecordingServer();
  const connector = new RecordingServer();
  const REPLY = 'We have found your parcel and it is on its way.';

  beforeAll(async () => {
    await Promise.all([channel.start(), connector.start()]);
    server = await startApp(dialect, ANONYMOUS);
  });

  afterAll(async () => {
    await server?.stop();
    await Promise.all([channel.stop(), connector.stop()]);
  });

  /** The customer talks to the bot through /api/messages, from a channel at `serviceUrl`. */
  async function talk(serviceUrl: string, conversationId: string) {
    const answered = await server.request('POST', '/api/messages', {
      body: activity(channel, { serviceUrl, conversation: { id: conversationId }, type: 'message', id: `${conversationId}-1`, text: 'Make a complaint' }),
      auth: false,
    });
    expect(answered.status).toBe(202);
    // the turn, and its replies, come after the answer
    await server.app.get(InboundPipeline).drain();
  }

  /** Staff file a complaint to be followed "in this chat" (acknowledging it afterwards if told), and reply to it. */
  async function replyTo(conversationId: string, acknowledge = false): Promise<string> {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'webchat', contact: { kind: 'webchat', value: conversationId }, category: 'delivery', description: 'The parcel never came.' },
    });
    expect(filed.status).toBe(201);
    if (acknowledge) {
      const acknowledged = await server.request('POST', `/api/complaints/${filed.body.reference}/actions`, { body: { action: 'acknowledge' } });
      expect(acknowledged.status).toBe(200);
    }
    const replied = await server.request('POST', `/api/complaints/${filed.body.reference}/replies`, { body: { text: REPLY } });
    expect(replied.status).toBe(201);
    await server.app.get(OutboxRelay).drain();
    return filed.body.reference;
  }

  const owed = (reference: string) =>
    server.app.get(DataSource).getRepository(OutboxMessageRecord).find({ where: { reference, channel: 'webchat' }, order: { createdAt: 'ASC' } });
  const sentTo = (requests: RecordedRequest[], conversationId: string) =>
    requests.filter((r) => r.method === 'POST' && r.path === `/v3/conversations/${conversationId}/activities`);

  it('sends a status update and a staff reply into the conversation as proactive messages', async () => {
    await talk(channel.url, 'azure-conversation-2');
    const reference = await replyTo('azure-conversation-2', true);

    const proactive = sentTo(channel.requests, 'azure-conversation-2');
    expect(proactive.map((r) => r.body.text)).toEqual([expect.stringContaining(reference), REPLY]);
    const reply = proactive[1];
    expect(reply.body).toMatchObject({
      type: 'message',
      text: REPLY,
      textFormat: 'plain',
      locale: 'en',
      channelId: 'directline',
      conversation: { id: 'azure-conversation-2' },
      from: { id: 'redress-bot', name: 'Complaints team' },
      recipient: { id: 'azure-user-1' },
    });
    // a status update goes out under the bot's own name
    expect(proactive[0].body.from).toEqual({ id: 'redress-bot', name: 'Redress' });
    // a message of its own, not a reply to the turn the reference was taken from
    expect(reply.body.replyToId).toBeUndefined();
    expect(reply.body.recipient.name).toBeUndefined();

    const rows = await owed(reference);
    expect(rows.map((r) => r.kind)).toEqual(['status_update', 'staff_reply']);
    expect(rows.map((r) => ({ status: r.status, providerId: r.providerId }))).toEqual(
      proactive.map((r) => ({ status: 'sent', providerId: `recorded-${channel.requests.indexOf(r) + 1}` })),
    );
  });

  it('tries again later when the connector fails on its side', async () => {
    connector.status = 200;
    await talk(connector.url, 'azure-conversation-500');
    connector.status = 500;
    const reference = await replyTo('azure-conversation-500');

    expect(sentTo(connector.requests, 'azure-conversation-500').length).toBeGreaterThan(0);
    let [row] = await owed(reference);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Bot Framework connector answered 500 BadArgument' });
    expect(Date.parse(row.nextAttemptAt)).toBeGreaterThan(server.clock.now().getTime());

    connector.status = 200;
    const before = server.clock.now().toISOString();
    server.clock.set(row.nextAttemptAt);
    await server.app.get(OutboxRelay).drain();
    [row] = await owed(reference);
    const sent = sentTo(connector.requests, 'azure-conversation-500').at(-1)!;
    expect(sent.body.text).toBe(REPLY);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, providerId: `recorded-${connector.requests.indexOf(sent) + 1}` });
    server.clock.set(before);
  });

  it.each([403, 404])('fails the message for good when the connector answers %i, and tells staff in the case history', async (status) => {
    connector.status = 200;
    await talk(connector.url, `azure-conversation-${status}`);
    connector.status = status;
    const reference = await replyTo(`azure-conversation-${status}`);

    const error = `Bot Framework connector answered ${status} BadArgument`;
    expect(await owed(reference)).toMatchObject([{ status: 'failed', attempts: 1, lastError: error }]);
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'message.delivery_failed', data: { channel: 'webchat', kind: 'staff_reply', error } });
    connector.status = 200;
  });

  it('still fails for good a message to a conversation nobody here knows', async () => {
    const before = channel.requests.length + connector.requests.length;
    const reference = await replyTo('a-conversation-nobody-knows');
    expect(await owed(reference)).toMatchObject([{ status: 'failed', lastError: 'No web chat conversation of this server has that id' }]);
    expect(channel.requests.length + connector.requests.length).toBe(before);
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
      // the local channel stands in for a Bot Framework host
      BOT_SERVICE_TRUSTED_HOSTS: '127.0.0.1',
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
    // nor is the service URL it names kept for later messages
    expect(await server.app.get(DataSource).query('SELECT id FROM bot_service_conversations')).toEqual([]);
  });

  it('refuses a service URL outside the trusted Bot Framework hosts before looking at the signature', async () => {
    const response = await server.request('POST', '/api/messages', {
      body: activity(channel, { type: 'message', id: 'message-2', text: 'hi', serviceUrl: 'http://localhost:9/internal/admin' }),
      headers: { authorization: 'Bearer any.signed.token' },
      auth: false,
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'untrusted_service_url',
      fields: [{ field: 'serviceUrl', message: 'serviceUrl is not a trusted Bot Framework service URL.' }],
    });
    expect(channel.requests).toEqual([]);
  });
});

describe('POST /api/messages without credentials (the default set-up)', () => {
  let server: RunningApp;
  const target = new RecordingServer();

  beforeAll(async () => {
    await target.start();
    server = await startApp('sqlite', { NODE_ENV: 'development' });
  });

  afterAll(async () => {
    await server?.stop();
    await target.stop();
  });

  it('cannot be made to post anywhere: 100 unsigned activities are refused, nothing is sent and nothing stored', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const response = await server.request('POST', '/api/messages', {
        body: activity(target, { type: 'message', id: `m-${i}`, text: 'hi', conversation: { id: `c-${i}` }, serviceUrl: `${target.url}/internal/admin?x=` }),
        auth: false,
      });
      statuses.add(response.status);
      if (i === 0) expect(response.body).toMatchObject({ code: 'bot_service_not_configured' });
    }
    expect([...statuses]).toEqual([403]);
    expect(target.requests).toEqual([]);
    const database = server.app.get(DataSource);
    for (const table of ['bot_service_conversations', 'dialog_states', 'webchat_conversations']) {
      expect(await database.query(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
    }
  });
});

describe('POST /api/messages when anonymous use is switched on', () => {
  let server: RunningApp;
  const target = new RecordingServer();

  beforeAll(async () => {
    await target.start();
    server = await startApp('sqlite', { ...ANONYMOUS, BOT_SERVICE_REQUESTS_PER_MINUTE: '5' });
  });

  afterAll(async () => {
    await server?.stop();
    await target.stop();
  });

  const send = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
    server.request('POST', '/api/messages', { body: activity(target, { type: 'message', text: 'hi', ...fields }), headers, auth: false });

  it('refuses a service URL with a query, which would smuggle the reply to another path', async () => {
    const response = await send({ id: 'q-1', serviceUrl: `${target.url}/internal/admin?x=` });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'untrusted_service_url', fields: [{ field: 'serviceUrl' }] });
    expect(target.requests).toEqual([]);
  });

  it('refuses a request relayed by a proxy, which may come from anywhere', async () => {
    const response = await send({ id: 'p-1' }, { 'x-forwarded-for': '203.0.113.9' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'bot_service_anonymous_remote' });
    expect(target.requests).toEqual([]);
  });

  it('slows down a client over its allowance with 429 and Retry-After, and runs nothing for it', async () => {
    // two requests of the allowance of five were used above
    for (let i = 0; i < 3; i++) expect((await send({ id: `r-${i}`, conversation: { id: `rate-${i}` } })).status).toBe(202);
    await server.app.get(InboundPipeline).drain();
    const posted = target.requests.length;
    const refused = await send({ id: 'r-over', conversation: { id: 'rate-over' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await server.app.get(InboundPipeline).drain();
    expect(target.requests.length).toBe(posted);
  });
});
