import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { POSTED_TEXT_MAX } from '../adapters/webchat/direct-line/direct-line.schemas.js';
import { WebChatNotifier } from '../adapters/webchat/direct-line/web-chat.notifier.js';
import type { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { dialects } from './support/databases.js';
import { replyAsStaff, startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient, directLine } from './support/web-chat.js';

jest.setTimeout(60_000);

const MENU = /What would you like to do\?/;
const DESCRIBE = /Please tell me what happened\./;

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe.each(dialects())('web chat over Direct Line on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const start = () => DirectLineClient.start(server.baseUrl);

  it('starts a conversation whose token names it and its user, and the bot greets', async () => {
    const client = await start();
    expect(client.conversationId).toMatch(/^[\w-]{16,}$/);
    expect(claims(client.token)).toMatchObject({ conv: client.conversationId, user: expect.stringMatching(/^dl_/) });

    const menu = await client.waitForBot(MENU);
    expect(menu).toMatchObject({
      type: 'message',
      from: { id: 'redress', role: 'bot' },
      channelId: 'webchat',
      conversation: { id: client.conversationId },
      recipient: { id: claims(client.token).user },
      locale: 'en-GB',
      suggestedActions: { actions: expect.arrayContaining([expect.objectContaining({ title: 'Make a complaint' })]) },
    });
    expect(client.botTexts().join('\n')).toMatch(/Hello\. I can help you make a complaint/);
    // who joined is the bot's business, not the customer's
    expect(client.seen.map((a) => a.type)).not.toContain('conversationUpdate');
  });

  it('echoes what the customer posts, with its client id, before the reply to it', async () => {
    const client = await start();
    await client.waitForBot(MENU);
    const id = await client.say('Make a complaint', 'client-1');
    expect(id).toMatch(new RegExp(`^${client.conversationId}\\|\\d{7}$`));

    const reply = await client.waitForBot(DESCRIBE, id);
    const echo = client.seen.find((a) => a.id === id);
    expect(echo).toMatchObject({
      type: 'message',
      text: 'Make a complaint',
      from: { id: claims(client.token).user, role: 'user' },
      channelData: { clientActivityID: 'client-1' },
      timestamp: expect.any(String),
    });
    expect(reply.replyToId).toBe(id);
    expect(client.seen.indexOf(echo!)).toBeLessThan(client.seen.indexOf(reply));
    expect(await client.poll()).toEqual([]);
  });

  it('sets who sent an activity itself, whatever the client claims', async () => {
    const client = await start();
    const posted = await client.post({
      type: 'message',
      text: 'Help',
      id: 'mine',
      from: { id: 'somebody-else', name: 'Sam', role: 'bot' },
      conversation: { id: 'another' },
      channelData: { clientActivityID: 'c-spoof' },
    });
    expect(posted.status).toBe(200);
    await client.waitForBot(/I can help you make a complaint, check on a complaint, or reach a person\./, posted.body.id);
    const echo = client.seen.find((a) => a.id === posted.body.id);
    expect(echo).toMatchObject({ from: { id: claims(client.token).user, name: 'Sam', role: 'user' }, conversation: { id: client.conversationId } });
  });

  it('runs a retried post once, and answers it with the first id', async () => {
    const client = await start();
    await client.waitForBot(MENU);
    const [first, again] = await Promise.all([client.say('Make a complaint', 'retried'), client.say('Make a complaint', 'retried')]);
    const third = await client.say('Make a complaint', 'retried');
    expect(new Set([first, again, third]).size).toBe(1);

    await client.waitForBot(DESCRIBE, first);
    // a later message is answered after everything earlier has run, so a second run would show by now
    const next = await client.say('The parcel never came.');
    await client.waitForBot(/What is your complaint about\?/, next);
    expect(client.seen.filter((a) => a.channelData?.clientActivityID === 'retried')).toHaveLength(1);
    expect(client.seen.filter((a) => a.replyToId === first && DESCRIBE.test(a.text ?? ''))).toHaveLength(1);
  });

  it('keeps a token to its own conversation', async () => {
    const [a, b] = [await start(), await start()];
    for (const [method, path, body] of [
      ['GET', `/conversations/${b.conversationId}/activities`, undefined],
      ['POST', `/conversations/${b.conversationId}/activities`, { type: 'message', text: 'hello' }],
      ['GET', `/conversations/${b.conversationId}`, undefined],
    ] as const) {
      const answer = await a.call(method, path, body);
      expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'token_wrong_conversation',
      });
    }
  });

  it('refuses a missing or forged token with 401 and an expired one with 403', async () => {
    const client = await start();
    const path = `/conversations/${client.conversationId}/activities`;
    const missing = await directLine(server.baseUrl, 'GET', path);
    expect(missing).toMatchObject({ status: 401, body: { code: 'token_missing' } });

    const [header, payload, signature] = client.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims(client.token), exp: 4102444800 })).toString('base64url');
    for (const forged of [`${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${signature.slice(0, -2)}xx`, 'not-a-token']) {
      expect(await client.call('GET', path, undefined, forged)).toMatchObject({ status: 401, body: { code: 'token_invalid' } });
    }

    server.clock.set('2026-03-02T10:31:00.000Z');
    try {
      expect(await client.call('GET', path)).toMatchObject({ status: 403, body: { code: 'token_expired' } });
      expect(await client.call('POST', '/tokens/refresh')).toMatchObject({ status: 403, body: { code: 'token_expired' } });
    } finally {
      server.clock.set('2026-03-02T10:00:00.000Z');
    }
  });

  it('refreshes a token for the same conversation, and resumes a conversation from its token', async () => {
    const client = await start();
    server.clock.set('2026-03-02T10:20:00.000Z');
    try {
      const refreshed = await client.call('POST', '/tokens/refresh');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ conversationId: client.conversationId, expires_in: 1800 });
      expect(claims(refreshed.body.token)).toMatchObject({ conv: client.conversationId, user: claims(client.token).user });
      expect(refreshed.body.token).not.toBe(client.token);

      // the old token still ran until 10:30; at 10:40 only the new one works
      server.clock.set('2026-03-02T10:40:00.000Z');
      client.token = refreshed.body.token;
      await client.waitForBot(MENU);

      const resumed = await client.call('POST', '/conversations', {});
      expect(resumed).toMatchObject({ status: 200, body: { conversationId: client.conversationId, token: client.token } });
      const fetched = await client.call('GET', `/conversations/${client.conversationId}?watermark=`);
      expect(fetched).toMatchObject({ status: 200, body: { conversationId: client.conversationId, expires_in: 600 } });
    } finally {
      server.clock.set('2026-03-02T10:00:00.000Z');
    }
  });

  it('brings a staff reply into the customer\'s conversation, once', async () => {
    const client = await start();
    await client.waitForBot(MENU);
    await replyAsStaff(server, client.conversationId, 'We have found your parcel and it is on its way.');
    const message = await client.waitForBot(/We have found your parcel and it is on its way\./);
    expect(message).toMatchObject({ type: 'message', from: { id: 'redress', role: 'bot' }, recipient: { id: claims(client.token).user } });
    expect(message.replyToId).toBeUndefined();
    expect(client.seen.filter((a) => a.id === message.id)).toHaveLength(1);
  });

  it('lands an outbox message delivered twice (a retry) once, and refuses one for a conversation it does not keep', async () => {
    const client = await start();
    const notifier = server.app.get(WebChatNotifier);
    const message = (address: string) =>
      ({ id: 'outbox-1', channel: 'webchat', kind: 'staff_reply', recipient: { address }, payload: { text: 'Hello again.' } }) as unknown as OutboxMessageRecord;
    const first = await notifier.deliver(message(client.conversationId));
    const again = await notifier.deliver(message(client.conversationId));
    expect(again).toEqual(first);
    await client.waitForBot(/^Hello again\.$/);
    expect(client.seen.filter((a) => a.text === 'Hello again.')).toHaveLength(1);

    await expect(notifier.deliver(message('a-conversation-held-by-azure'))).rejects.toMatchObject({ permanent: true });
  });

  it.each([
    ['an unknown type', { type: 'teleport', text: 'hi' }, ['type']],
    ['an event without a name', { type: 'event', value: 1 }, ['name']],
    ['text longer than a pasted document', { type: 'message', text: 'x'.repeat(POSTED_TEXT_MAX + 1) }, ['text']],
    ['a locale that is not one', { type: 'message', text: 'hi', locale: 'english please' }, ['locale']],
    ['a client id that is not text', { type: 'message', text: 'hi', channelData: { clientActivityID: 7 } }, ['channelData.clientActivityID']],
  ])('refuses %s with 400 naming the field', async (_name, body, fields) => {
    const client = await start();
    const answer = await client.post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual(fields);
  });

  it('refuses malformed JSON, a bad watermark and a bad locale to start with', async () => {
    const client = await start();
    expect(await client.post('{"type": ')).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    const watermark = await client.call('GET', `/conversations/${client.conversationId}/activities?watermark=soon`);
    expect(watermark).toMatchObject({ status: 400, body: { code: 'validation_failed', fields: [{ field: 'watermark' }] } });
    const started = await directLine(server.baseUrl, 'POST', '/conversations', { body: { locale: 42 } });
    expect(started).toMatchObject({ status: 400, body: { code: 'validation_failed', fields: [{ field: 'locale' }] } });
  });
});
