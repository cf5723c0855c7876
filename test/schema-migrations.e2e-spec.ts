import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from '../src/app.module.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { createPostgresDatabase, dialects, type Dialect } from './support/databases.js';

/** What databases already record in their `migrations` table: TypeORM would run again any name missing from the code. */
const RECORDED = [
  'InitialSchema1764144000000',
  'Conversations1764150000000',
  'Outbox1764170000000',
  'WebChat1764180000000',
  'Sms1764186000000',
  'Slack1764190000000',
  'BotServiceConversations1764200000000',
  'WebChatWaitingIndex1764210000000',
  'ComplaintSecrets1764226000000',
  'HandOffs1764230000000',
  'OutboxConversations1764232000000',
  'SmsSendAttempts1764233000000',
  'StaffApiKeys1764241700000',
  'CaseSeals1764241800000',
];

const names = (schema = APP_SCHEMA) => schema.migrations.map((migration) => new migration().name!);

describe.each(dialects())('the schema of the core and the channel adapters on %s', (dialect: Dialect) => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(): Promise<{ DATABASE_URL?: string; DATA_DIR: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'redress-schema-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    if (dialect === 'sqlite') return { DATA_DIR: dir };
    const pg = await createPostgresDatabase();
    cleanups.push(pg.drop);
    return { DATABASE_URL: pg.url, DATA_DIR: dir };
  }

  async function open(config: { DATABASE_URL?: string; DATA_DIR: string }, schema = APP_SCHEMA): Promise<DataSource> {
    const dataSource = await new DataSource(dataSourceOptions(config, schema)).initialize();
    cleanups.push(() => dataSource.destroy());
    return dataSource;
  }

  it('keeps the name of every migration databases have run, each once', () => {
    expect(names()).toEqual(expect.arrayContaining(RECORDED));
    expect(new Set(names()).size).toBe(names().length);
  });

  it('creates every table an entity maps on a new database', async () => {
    const dataSource = await open(await database());
    const executed = (await dataSource.query('SELECT name FROM migrations')) as { name: string }[];
    expect(executed.map((row) => row.name).sort()).toEqual([...names()].sort());
    const runner = dataSource.createQueryRunner();
    try {
      for (const entity of dataSource.entityMetadatas) expect([entity.tableName, await runner.hasTable(entity.tableName)]).toEqual([entity.tableName, true]);
    } finally {
      await runner.release();
    }
  });

  it('upgrades a database whose hand-off migration also made Slack its table, keeping what is in it', async () => {
    const config = await database();
    // Before Slack owned its migrations, HandOffs1764230000000 created slack_hand_off_posts too.
    const before = { ...APP_SCHEMA, migrations: APP_SCHEMA.migrations.filter((migration) => RECORDED.includes(new migration().name!)) };
    const old = await open(config, before);
    await old.query(`CREATE TABLE slack_hand_off_posts (hand_off_id varchar(36) PRIMARY KEY, channel_id varchar(32) NOT NULL, ts varchar(32) NOT NULL)`);
    await old.query(`INSERT INTO slack_hand_off_posts (hand_off_id, channel_id, ts) VALUES ('h-1', 'C0CASES', '1764.0001')`);
    await old.destroy();
    cleanups.pop();

    const upgraded = await open(config);
    expect(await upgraded.query('SELECT hand_off_id, channel_id, ts FROM slack_hand_off_posts')).toEqual([{ hand_off_id: 'h-1', channel_id: 'C0CASES', ts: '1764.0001' }]);
    const executed = (await upgraded.query('SELECT name FROM migrations')) as { name: string }[];
    expect(executed.map((row) => row.name).sort()).toEqual([...names()].sort());
  });
});
