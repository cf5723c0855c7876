import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from '../src/app.module.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { createPostgresDatabase, dialects, type Dialect } from './support/databases.js';

/** The migrations that move SMS and web chat onto the inbound pipeline. */
const PIPELINE_MIGRATIONS = ['InboundMessages1764310000001', 'SmsInboundToPipeline1764310000002', 'WebChatTurnsInbound1764310000003'];

describe.each(dialects())('a database from before the inbound pipeline, upgraded, on %s', (dialect: Dialect) => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(): Promise<{ DATABASE_URL?: string; DATA_DIR: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'redress-inbound-migration-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    if (dialect === 'sqlite') return { DATA_DIR: dir };
    const pg = await createPostgresDatabase();
    cleanups.push(pg.drop);
    return { DATA_DIR: dir, DATABASE_URL: pg.url };
  }

  it('keeps every text, hands texts and chat messages still waiting to the pipeline, and drops what only the old ways read', async () => {
    const config = await database();
    const before = { ...APP_SCHEMA, migrations: APP_SCHEMA.migrations.filter((migration) => !PIPELINE_MIGRATIONS.includes(new migration().name!)) };
    const old = await new DataSource(dataSourceOptions(config, before)).initialize();
    const q = (sql: string) => old.query(sql);
    const yes = dialect === 'postgres' ? 'true' : '1';
    const no = dialect === 'postgres' ? 'false' : '0';
    await q(`INSERT INTO sms_inbound_messages (message_sid, account_sid, from_number, to_number, body, num_media, num_segments, received_at, attempts, claimed_until, handled_at, outcome) VALUES
      ('SM-handled', 'AC1', '+447700900001', '+447700900123', 'My bill is wrong', 0, 1, '2026-03-02T10:00:00.000Z', 1, NULL, '2026-03-02T10:00:01.000Z', 'dialog'),
      ('SM-waiting-2', 'AC1', '+447700900001', '+447700900123', 'second', 0, 1, '2026-03-02T10:00:03.000Z', 0, NULL, NULL, NULL),
      ('SM-claimed', 'AC1', '+447700900002', '+447700900123', 'STOP', 0, 1, '2026-03-02T10:00:02.000Z', 2, '2026-03-02T10:05:00.000Z', NULL, NULL)`);
    await q(`INSERT INTO webchat_conversations (id, user_id, locale, last_seq, created_at, updated_at) VALUES ('conv-1', 'dl_user', 'en-GB', 3, '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z')`);
    const body = (id: string, text: string) => JSON.stringify({ type: 'message', id, text });
    await q(`INSERT INTO webchat_activities (id, conversation_id, seq, type, inbound, client_activity_id, delivered_at, created_at, body) VALUES
      ('conv-1|0000001', 'conv-1', 1, 'message', ${yes}, 'client-1', '2026-03-02T10:00:00.500Z', '2026-03-02T10:00:00.000Z', '${body('conv-1|0000001', 'hello')}'),
      ('conv-1|0000002', 'conv-1', 2, 'message', ${no}, NULL, NULL, '2026-03-02T10:00:01.000Z', '${body('conv-1|0000002', 'Hello. What would you like to do?')}'),
      ('conv-1|0000003', 'conv-1', 3, 'message', ${yes}, NULL, NULL, '2026-03-02T10:00:02.000Z', '${body('conv-1|0000003', 'Make a complaint')}')`);
    await old.destroy();

    const upgraded = await new DataSource(dataSourceOptions(config, APP_SCHEMA)).initialize();
    cleanups.push(() => upgraded.destroy());
    const rows = (await upgraded.query(
      'SELECT channel, conversation_key, provider_id, payload, received_at, attempts, claimed_until, handled_at, outcome FROM inbound_messages ORDER BY id',
    )) as Record<string, unknown>[];
    expect(rows.map((row) => ({ ...row, payload: JSON.parse(row.payload as string), attempts: Number(row.attempts) }))).toEqual([
      {
        channel: 'sms',
        conversation_key: '+447700900001',
        provider_id: 'SM-handled',
        payload: { accountSid: 'AC1', to: '+447700900123', body: 'My bill is wrong', numMedia: 0, numSegments: 1 },
        received_at: '2026-03-02T10:00:00.000Z',
        attempts: 1,
        claimed_until: null,
        handled_at: '2026-03-02T10:00:01.000Z',
        outcome: 'dialog',
      },
      expect.objectContaining({ channel: 'sms', provider_id: 'SM-waiting-2', payload: expect.objectContaining({ body: 'second' }), handled_at: null }),
      // claimed by an inbox that no longer runs: free at once
      expect.objectContaining({ channel: 'sms', provider_id: 'SM-claimed', attempts: 2, claimed_until: null, handled_at: null }),
      // only the chat message the bot never had
      { channel: 'webchat', conversation_key: 'conv-1', provider_id: 'conv-1|0000003', payload: { activityId: 'conv-1|0000003' }, received_at: '2026-03-02T10:00:02.000Z', attempts: 0, claimed_until: null, handled_at: null, outcome: null },
    ]);

    const runner = upgraded.createQueryRunner();
    try {
      expect(await runner.hasTable('sms_inbound_messages')).toBe(false);
      expect(await runner.hasColumn('webchat_activities', 'delivered_at')).toBe(false);
    } finally {
      await runner.release();
    }
    // the transcript is the Direct Line history still
    expect(await upgraded.query(`SELECT id FROM webchat_activities ORDER BY seq`)).toEqual([{ id: 'conv-1|0000001' }, { id: 'conv-1|0000002' }, { id: 'conv-1|0000003' }]);
  });
});
