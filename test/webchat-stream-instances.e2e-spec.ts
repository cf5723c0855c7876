import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { EVICTED, MAX_STREAMS_PER_CONVERSATION } from '../adapters/webchat/direct-line/activity-streams.js';
import { Transcript } from '../adapters/webchat/direct-line/transcript.js';
import { LISTEN_APPLICATION_NAME } from '../src/database/database-notifications.js';
import { eventually } from './support/eventually.js';
import { startApp, startBeside, type RunningApp } from './support/test-app.js';
import { DirectLineClient, DirectLineStream } from './support/web-chat.js';

jest.setTimeout(120_000);

const MENU = /What would you like to do\?/;
const DESCRIBE = /Please tell me what happened\./;

/**
 * Two instances on one PostgreSQL database. Their safety re-read is set far beyond this test's timeout, so what
 * reaches a stream on one instance from the other came by LISTEN/NOTIFY.
 */
const NO_REREAD = { WEBCHAT_STREAM_REREAD_SECONDS: '86400' };

const postgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

postgres('web chat streams across two instances on PostgreSQL', () => {
  let first: RunningApp;
  let second: RunningApp;
  let admin: pg.Client;
  const opened: DirectLineStream[] = [];

  beforeAll(async () => {
    first = await startApp('postgres', NO_REREAD);
    second = await startBeside(first, NO_REREAD);
    admin = new pg.Client({ connectionString: first.config.DATABASE_URL });
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stream) => stream.close()));
  });

  afterAll(async () => {
    await admin?.end();
    await second?.stop();
    await first?.stop();
  });

  const open = async (url: string) => {
    const stream = await DirectLineStream.open(url);
    opened.push(stream);
    return stream;
  };

  /** A message the other instance writes into the conversation, as a staff reply or status update is written. */
  const writeOn = async (app: RunningApp, conversationId: string, text: string) => {
    const transcript = app.app.get(Transcript);
    const conversation = await transcript.find(conversationId);
    return transcript.notify(conversation!, text, 'en-GB', `test-${text}`);
  };

  const listeners = async () =>
    Number((await admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [LISTEN_APPLICATION_NAME])).rows[0].n);

  it('sends a stream on one instance what the other wrote, and the replies to posts made on the other', async () => {
    const client = await DirectLineClient.start(first.baseUrl);
    const stream = await open(client.streamUrl!);
    await stream.waitForBot(MENU);

    const id = await writeOn(second, client.conversationId, 'Written by the other instance.');
    expect((await stream.waitForBot(/^Written by the other instance\.$/)).id).toBe(id);

    // the customer's posts land on the other instance, whose turns may run on either
    const elsewhere = new DirectLineClient(second.baseUrl, client.conversationId, client.token);
    const posted = await elsewhere.say('Make a complaint');
    await stream.waitForBot(DESCRIBE, posted);

    const ids = stream.activities.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    await client.poll();
    expect(ids).toEqual(client.seen.map((a) => a.id));
  });

  it('listens again after its connection is cut, and sends what was written meanwhile', async () => {
    const client = await DirectLineClient.start(first.baseUrl);
    const stream = await open(client.streamUrl!);
    await stream.waitForBot(MENU);
    expect(await listeners()).toBe(2);

    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [LISTEN_APPLICATION_NAME]);
    // written at once, most likely before either instance listens again: only the read after reconnecting finds it
    await writeOn(second, client.conversationId, 'Written while nobody listened.');
    await stream.waitForBot(/^Written while nobody listened\.$/);

    await eventually(async () => expect(await listeners()).toBe(2));
    await writeOn(second, client.conversationId, 'Written once both listen again.');
    await stream.waitForBot(/^Written once both listen again\.$/);

    const ids = stream.activities.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    await client.poll();
    expect(ids).toEqual(client.seen.map((a) => a.id));
  });

  /** The conversation's stream URL, on the given instance. */
  const streamOn = (app: RunningApp, client: DirectLineClient) => {
    const url = new URL(client.streamUrl!);
    return `${new URL(app.baseUrl).origin}${url.pathname}${url.search}`.replace(/^http/, 'ws');
  };

  const rowsOf = async (conversationId: string) =>
    Number((await admin.query('SELECT count(*) AS n FROM webchat_streams WHERE conversation_id = $1', [conversationId])).rows[0].n);

  it(`keeps at most ${MAX_STREAMS_PER_CONVERSATION} streams of a conversation open across both instances, closing the oldest wherever it is`, async () => {
    const client = await DirectLineClient.start(first.baseUrl);
    const where = [first, second, first, second];
    const streams: DirectLineStream[] = [];
    for (const app of where) streams.push(await open(streamOn(app, client)));

    // the fifth, on the second instance, closes the oldest, on the first
    streams.push(await open(streamOn(second, client)));
    expect(await streams[0].closed).toEqual({ code: EVICTED, reason: 'A newer stream of this conversation opened' });
    // the sixth, on the first, closes the next oldest, on the second
    streams.push(await open(streamOn(first, client)));
    expect(await streams[1].closed).toEqual({ code: EVICTED, reason: 'A newer stream of this conversation opened' });

    const id = await client.say('Make a complaint');
    for (const stream of streams.slice(2)) await stream.waitForBot(DESCRIBE, id);
    expect(await rowsOf(client.conversationId)).toBe(MAX_STREAMS_PER_CONVERSATION);

    // closed by the client: no longer counted, so a new one closes nobody
    await streams[2].close();
    await eventually(async () => expect(await rowsOf(client.conversationId)).toBe(MAX_STREAMS_PER_CONVERSATION - 1));
    const last = await open(streamOn(second, client));
    const again = await client.say('Menu');
    await last.waitForBot(MENU, again);
    for (const stream of streams.slice(3)) await stream.waitForBot(MENU, again);
  });

  it('does not count the streams of an instance that died once their time has lapsed', async () => {
    const client = await DirectLineClient.start(first.baseUrl);
    const streams: DirectLineStream[] = [];
    for (const app of [first, second]) streams.push(await open(streamOn(app, client)));
    // what an instance killed with two newer streams open leaves behind once it has stopped renewing them
    await admin.query(
      `INSERT INTO webchat_streams (id, conversation_id, opened_at, expires_at)
       SELECT gen_random_uuid(), $1, clock_timestamp(), clock_timestamp() - interval '1 second' FROM generate_series(1, 2)`,
      [client.conversationId],
    );
    for (const app of [first, second]) streams.push(await open(streamOn(app, client)));

    const id = await client.say('Make a complaint');
    for (const stream of streams) await stream.waitForBot(DESCRIBE, id);
    expect(await rowsOf(client.conversationId)).toBe(MAX_STREAMS_PER_CONVERSATION);
  });
});
