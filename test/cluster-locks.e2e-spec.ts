import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { ClusterLocks } from '../src/database/cluster-locks.js';
import { createPostgresDatabase } from './support/databases.js';

jest.setTimeout(60_000);

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// PostgreSQL closes a connection on a restart, a failover or pg_terminate_backend: the instance must live on.
onPostgres('ClusterLocks when the server closes a lock connection', () => {
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('reports the lock lost instead of ending the process, and the lock is free for the next holder', async () => {
    const locks = new ClusterLocks({ DATABASE_URL: database.url });
    const other = new ClusterLocks({ DATABASE_URL: database.url });
    const warnings: string[] = [];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((_details: unknown, message?: unknown) => {
      warnings.push(String(message));
    });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let started!: () => void;
      const holding = new Promise<void>((resolve) => (started = resolve));
      const held = locks.exclusive('card:A', async () => {
        started();
        await finished;
        return 'done';
      });
      await holding;

      const { rows } = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks WHERE locktype = 'advisory' AND granted`,
      );
      expect(rows).toEqual([{ terminated: true }]);
      await waitFor(() => warnings.some((w) => w.includes('the lock is no longer held')));

      // another instance gets it at once, although the work that held it has not finished
      await expect(other.ifFree('card:A', async () => 'taken over')).resolves.toEqual({ ran: true, value: 'taken over' });
      finish();
      await expect(held).resolves.toBe('done');
      // and this instance can take it again on a fresh connection
      await expect(locks.exclusive('card:A', async () => 'again')).resolves.toBe('again');
    } finally {
      warn.mockRestore();
      await admin.end();
      await locks.onApplicationShutdown();
      await other.onApplicationShutdown();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
