import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { CORE_SCHEMA } from '../src/database/schema.js';
import { dialects } from './support/databases.js';
import { DirectLineClient } from './support/web-chat.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(120_000);

describe.each(dialects())('web chat across a restart on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lets the customer carry on from the same question, with the same token and transcript', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened\./);
    await client.answer('The parcel was marked delivered but never came.', /What is your complaint about\?/);
    const before = client.seen.map((a) => a.id);

    await server.restart();

    expect(await client.poll()).toEqual([]);
    await client.answer('Delivery', /When did it happen\?/);

    // a client that lost its place reads the whole conversation again, in order, from the database
    const fresh = new DirectLineClient(server.baseUrl, client.conversationId, client.token);
    await fresh.poll();
    expect(fresh.seen.map((a) => a.id)).toEqual(client.seen.map((a) => a.id));
    expect(fresh.seen.slice(0, before.length).map((a) => a.id)).toEqual(before);
  });

  it('gives the bot, at the next start, a message stored just before a stop', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);

    // what a crash between storing and running the turn leaves behind: a stored message, and its turn waiting
    await server.restart(async () => {
      // the core's entities only: the rows below are written by table and column, as web chat's own SQL does
      const database = await new DataSource(dataSourceOptions(server.config, CORE_SCHEMA)).initialize();
      try {
        await storeWaiting(database, client.conversationId, client.token, 'Make a complaint');
      } finally {
        await database.destroy();
      }
    });

    const reply = await client.waitForBot(/Please tell me what happened\./);
    expect(client.seen.find((a) => a.id === reply.replyToId)).toMatchObject({ text: 'Make a complaint', from: { role: 'user' } });
  });
});

async function storeWaiting(database: DataSource, conversationId: string, token: string, text: string): Promise<void> {
  await database.transaction(async (manager) => {
    await manager
      .createQueryBuilder()
      .update('webchat_conversations')
      .set({ last_seq: () => 'last_seq + 1' })
      .where('id = :id', { id: conversationId })
      .execute();
    const [{ last_seq: seq }] = await manager
      .createQueryBuilder()
      .select('last_seq')
      .from('webchat_conversations', 'c')
      .where('c.id = :id', { id: conversationId })
      .getRawMany<{ last_seq: number }>();
    const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
    const user = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).user;
    const activity = {
      type: 'message',
      id,
      text,
      locale: 'en-GB',
      timestamp: '2026-03-02T10:00:00.000Z',
      channelId: 'webchat',
      serviceUrl: 'urn:redress:directline',
      conversation: { id: conversationId },
      from: { id: user, role: 'user' },
      recipient: { id: 'redress', role: 'bot' },
    };
    await manager
      .createQueryBuilder()
      .insert()
      .into('webchat_activities')
      .values({
        id,
        conversation_id: conversationId,
        seq,
        type: 'message',
        inbound: true,
        client_activity_id: null,
        created_at: activity.timestamp,
        body: JSON.stringify(activity),
      })
      .execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into('inbound_messages')
      .values({
        channel: 'webchat',
        conversationKey: conversationId,
        providerId: id,
        payload: JSON.stringify({ activityId: id }),
        receivedAt: activity.timestamp,
        attempts: 0,
      })
      .execute();
  });
}
