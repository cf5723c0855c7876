import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EVICTED, MAX_STREAMS_PER_CONVERSATION } from '../adapters/webchat/direct-line/activity-streams.js';
import { Sql } from '../src/database/sql.js';
import { DatabaseAccess } from '../src/database/database-access.js';
import { dialects } from './support/databases.js';
import { replyAsStaff, startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient, DirectLineStream, type DirectLineActivity } from './support/web-chat.js';

jest.setTimeout(120_000);

const MENU = /What would you like to do\?/;
const DESCRIBE = /Please tell me what happened\./;
const CATEGORY = /What is your complaint about\?/;

const NEXT_SEQ = new Sql('UPDATE webchat_conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq AS "lastSeq"');
const INSERT_ACTIVITY = new Sql(
  'INSERT INTO webchat_activities (id, conversation_id, seq, type, inbound, client_activity_id, created_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
);

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** Ids in the order received; each must come once, and the watermarks only ever grow. */
function checkOrder(stream: DirectLineStream): string[] {
  const ids = stream.activities.map((a) => a.id);
  expect(new Set(ids).size).toBe(ids.length);
  const watermarks = stream.frames.map((frame) => Number(frame.watermark));
  expect(watermarks).toEqual([...watermarks].sort((a, b) => a - b));
  expect(new Set(watermarks).size).toBe(watermarks.length);
  return ids;
}

describe.each(dialects())('web chat over the Direct Line WebSocket stream on %s', (dialect) => {
  let server: RunningApp;
  const opened: DirectLineStream[] = [];

  beforeAll(async () => {
    // On PostgreSQL, what another instance commits reaches a stream by NOTIFY: the safety re-read is put out of reach.
    // SQLite has no other instance, and there the re-read is what finds a row written past this one's Transcript.
    server = await startApp(dialect, { WEBCHAT_STREAM_REREAD_SECONDS: dialect === 'postgres' ? '86400' : '1' });
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stream) => stream.close()));
  });

  afterAll(async () => {
    await server?.stop();
  });

  const start = () => DirectLineClient.start(server.baseUrl);
  const open = async (url: string) => {
    const stream = await DirectLineStream.open(url);
    opened.push(stream);
    return stream;
  };
  const connect = async (client: DirectLineClient, watermark = '') => {
    const stream = await client.connect(watermark);
    opened.push(stream);
    return stream;
  };

  it('hands out a stream URL on this host, with the conversation token, wherever a conversation is answered', async () => {
    const client = await start();
    const host = new URL(server.baseUrl).host;
    expect(client.streamUrl).toBe(`ws://${host}/v3/directline/conversations/${client.conversationId}/stream?watermark=-&t=${client.token}`);

    const fetched = await client.call('GET', `/conversations/${client.conversationId}?watermark=7`);
    expect(fetched.body.streamUrl).toBe(`ws://${host}/v3/directline/conversations/${client.conversationId}/stream?watermark=7&t=${client.token}`);
    const resumed = await client.call('POST', '/conversations', {});
    expect(resumed.body.streamUrl).toBe(client.streamUrl);
    const refreshed = await client.call('POST', '/tokens/refresh');
    expect(new URL(refreshed.body.streamUrl).searchParams.get('t')).toBe(refreshed.body.token);
    // behind a proxy that ends TLS, the page may only open wss
    const answer = await fetch(`${server.baseUrl}/v3/directline/conversations/${client.conversationId}`, {
      headers: { authorization: `Bearer ${client.token}`, 'x-forwarded-proto': 'https' },
    });
    expect(((await answer.json()) as { streamUrl: string }).streamUrl).toMatch(new RegExp(`^wss://${host}/`));
  });

  it('streams the greeting, then the echo and the reply of each message, once each and in order', async () => {
    const client = await start();
    const stream = await open(client.streamUrl!);
    const menu = await stream.waitForBot(MENU);
    expect(menu).toMatchObject({ type: 'message', from: { id: 'redress', role: 'bot' }, conversation: { id: client.conversationId } });
    expect(stream.activities.map((a) => a.type)).not.toContain('conversationUpdate');

    // DirectLineJS's keep-alive: an empty frame, which the server takes without a word
    stream.ping();
    const id = await client.say('Make a complaint', 'client-1');
    const reply = await stream.waitForBot(DESCRIBE, id);
    const echo = stream.activities.find((a) => a.id === id);
    expect(echo).toMatchObject({ type: 'message', text: 'Make a complaint', from: { role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(reply.replyToId).toBe(id);
    expect(stream.activities.indexOf(echo!)).toBeLessThan(stream.activities.indexOf(reply));

    const next = await client.say('The parcel was marked delivered but never came.');
    await stream.waitForBot(CATEGORY, next);

    // exactly what a poll of the whole conversation returns: nothing skipped, nothing twice
    const ids = checkOrder(stream);
    await client.poll();
    expect(ids).toEqual(client.seen.map((a) => a.id));
    expect(stream.watermark).toBe(String(Number(stream.activities.at(-1)!.id.split('|')[1])));
  });

  it('opened at a watermark, sends only what follows it', async () => {
    const client = await start();
    await client.waitForBot(MENU);
    const greeting = client.seen.map((a) => a.id);
    const { body } = await client.call('GET', `/conversations/${client.conversationId}/activities?watermark=`);

    const stream = await connect(client, body.watermark);
    const id = await client.say('Make a complaint');
    await stream.waitForBot(DESCRIBE, id);
    // frames come in order, so the greeting would have come first
    expect(stream.activities[0].id).toBe(id);
    expect(stream.activities.filter((a) => greeting.includes(a.id))).toEqual([]);
    checkOrder(stream);
  });

  it(`keeps at most ${MAX_STREAMS_PER_CONVERSATION} streams of a conversation open, closing the oldest, and the newest still hears the bot`, async () => {
    const client = await start();
    await client.waitForBot(MENU);
    const streams: DirectLineStream[] = [];
    for (let i = 0; i <= MAX_STREAMS_PER_CONVERSATION; i++) streams.push(await connect(client));

    expect(await streams[0].closed).toEqual({ code: EVICTED, reason: 'A newer stream of this conversation opened' });
    const id = await client.say('Make a complaint');
    for (const stream of streams.slice(1)) await stream.waitForBot(DESCRIBE, id);
  });

  it('refuses a forged, expired or another conversation\'s token, and any other path, before a single frame', async () => {
    const [client, other] = [await start(), await start()];
    const url = new URL(client.streamUrl!);
    const withToken = (token: string, watermark = '-') => {
      const changed = new URL(url);
      changed.search = new URLSearchParams({ watermark, t: token }).toString();
      return changed.toString();
    };
    const [header, payload, signature] = client.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims(client.token), exp: 4102444800 })).toString('base64url');

    const refusals = {
      forged: await DirectLineStream.refusal(withToken(`${header}.${forgedPayload}.${signature}`)),
      badSignature: await DirectLineStream.refusal(withToken(`${header}.${payload}.${signature.slice(0, -2)}xx`)),
      garbage: await DirectLineStream.refusal(withToken('not-a-token')),
      otherConversation: await DirectLineStream.refusal(withToken(other.token)),
      noToken: await DirectLineStream.refusal(`${url.origin}${url.pathname}?watermark=-`),
      badWatermark: await DirectLineStream.refusal(withToken(client.token, 'soon')),
      otherPath: await DirectLineStream.refusal(`${url.origin}/v3/directline/conversations/${client.conversationId}/activities?t=${client.token}`),
    };
    expect(refusals).toEqual({
      forged: { status: 401, body: expect.objectContaining({ code: 'token_invalid' }) },
      badSignature: { status: 401, body: expect.objectContaining({ code: 'token_invalid' }) },
      garbage: { status: 401, body: expect.objectContaining({ code: 'token_invalid' }) },
      otherConversation: { status: 403, body: expect.objectContaining({ code: 'token_wrong_conversation' }) },
      noToken: { status: 400, body: expect.objectContaining({ code: 'validation_failed', fields: [expect.objectContaining({ field: 't' })] }) },
      badWatermark: { status: 400, body: expect.objectContaining({ code: 'validation_failed', fields: [expect.objectContaining({ field: 'watermark' })] }) },
      otherPath: { status: 404, body: expect.objectContaining({ code: 'not_found' }) },
    });

    server.clock.set('2026-03-02T10:31:00.000Z');
    try {
      expect(await DirectLineStream.refusal(client.streamUrl!)).toEqual({ status: 403, body: expect.objectContaining({ code: 'token_expired' }) });
    } finally {
      server.clock.set('2026-03-02T10:00:00.000Z');
    }

    // the HTTP routes are untouched by all this
    expect((await client.call('GET', `/conversations/${client.conversationId}/activities`)).status).toBe(200);
  });

  it('brings a staff reply, delivered through the outbox, to an open stream', async () => {
    const client = await start();
    const stream = await open(client.streamUrl!);
    await stream.waitForBot(MENU);
    await replyAsStaff(server, client.conversationId, 'We have found your parcel and it is on its way.');

    const message = await stream.waitForBot(/We have found your parcel and it is on its way\./);
    expect(message).toMatchObject({ from: { id: 'redress', role: 'bot' }, recipient: { id: claims(client.token).user } });
    checkOrder(stream);
  });

  it('brings what another instance sharing the database committed', async () => {
    const client = await start();
    const stream = await open(client.streamUrl!);
    await stream.waitForBot(MENU);

    // written past this instance's Transcript, so nothing here signals it: on PostgreSQL the trigger's notification
    // brings it, on SQLite the re-read
    await server.app.get(DatabaseAccess).transaction(async (manager) => {
      const { rows } = await NEXT_SEQ.run<{ lastSeq: number }>(manager, [client.conversationId]);
      const seq = Number(rows[0].lastSeq);
      const id = `${client.conversationId}|${String(seq).padStart(7, '0')}`;
      const activity: DirectLineActivity = {
        id,
        type: 'message',
        text: 'Sent from the other instance.',
        from: { id: 'redress', role: 'bot' },
        conversation: { id: client.conversationId },
        recipient: { id: String(claims(client.token).user), role: 'user' },
        channelId: 'webchat',
        timestamp: '2026-03-02T10:00:00.000Z',
      };
      await INSERT_ACTIVITY.run(manager, [id, client.conversationId, seq, 'message', false, null, activity.timestamp, JSON.stringify(activity)]);
    });

    await stream.waitForBot(/^Sent from the other instance\.$/);
    checkOrder(stream);
  });

  it('is closed when the server stops, and resumes from its last watermark after the restart without loss or repeats', async () => {
    const client = await start();
    const before = await open(client.streamUrl!);
    await before.waitForBot(MENU);
    const first = await client.say('Make a complaint');
    await before.waitForBot(DESCRIBE, first);

    await server.restart();
    // going away: DirectLineJS reconnects
    expect((await before.closed).code).toBe(1001);

    const after = await connect(client, before.watermark);
    const next = await client.say('The parcel was marked delivered but never came.');
    await after.waitForBot(CATEGORY, next);
    expect(after.activities[0].id).toBe(next);

    const ids = [...checkOrder(before), ...checkOrder(after)];
    await client.poll();
    expect(ids).toEqual(client.seen.map((a) => a.id));
  });
});
