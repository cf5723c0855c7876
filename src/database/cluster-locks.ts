import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

/**
 * Session-level advisory locks, each on a connection of its own: PostgreSQL lets go of one as soon as its connection
 * ends, so the locks of an instance that died are free again without anyone waiting for a lease to lapse. The name is
 * hashed to the lock's 64-bit key; two names that happen to share a hash only wait for each other.
 */
const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
const LOCK = 'SELECT pg_advisory_lock(hashtextextended($1, 0))';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';

/**
 * Connections kept for locks, apart from the data source's: a lock waited for holds its connection, and were it one
 * of the data source's, enough waiters would leave the work that holds the lock none to finish with.
 */
const LOCK_CONNECTIONS = 4;

/** What `ifFree` did: ran the work (with what it returned), or left it to whoever holds the lock. */
export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Locks every instance on one database respects. On PostgreSQL they are advisory locks, so several instances never
 * run the same scheduled job or the same piece of work at once; on SQLite, which serves one instance, they are held
 * in this process. Work done under a lock must not take another.
 */
@Injectable()
export class ClusterLocks implements OnApplicationShutdown {
  private readonly logger = new Logger('ClusterLocks');
  private readonly pool: pg.Pool | undefined;
  /** This instance's own holders and waiters, by name: one waits for the one before it without a connection. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly running = new Set<string>();

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'DATABASE_URL'>) {
    if (!config.DATABASE_URL) return;
    this.pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: LOCK_CONNECTIONS, idleTimeoutMillis: 30_000 });
    // an idle connection the server closed (a restart, a failover) is replaced at the next lock; its locks went with it
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'A connection kept for locks was closed'));
  }

  /**
   * Runs `work` unless it is running under `name` already, here or on another instance; then it does nothing and
   * answers `{ ran: false }`.
   */
  async ifFree<T>(name: string, work: () => Promise<T>): Promise<LockedRun<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      if (!this.pool) return { ran: true, value: await work() };
      const client = await this.connect(name);
      let unlocked = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK, [name]);
        unlocked = !rows[0].locked;
        if (!rows[0].locked) return { ran: false };
        try {
          return { ran: true, value: await work() };
        } finally {
          unlocked = await this.unlock(client, name);
        }
      } finally {
        // a connection whose lock could not be given back is closed, which gives it back
        client.done(!unlocked);
      }
    } finally {
      this.running.delete(name);
    }
  }

  /** Runs `work` once no one else, here or on another instance, holds `name`, and holds it meanwhile. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const locked = () => this.holding(name, work);
    const result = previous.then(locked, locked);
    const tail = result.catch(() => undefined);
    this.tails.set(name, tail);
    void tail.then(() => {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    });
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }

  private async holding<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (!this.pool) return work();
    const client = await this.connect(name);
    let unlocked = false;
    try {
      await client.query(LOCK, [name]);
      try {
        return await work();
      } finally {
        unlocked = await this.unlock(client, name);
      }
    } finally {
      client.done(!unlocked);
    }
  }

  /**
   * A connection for one lock. The pool listens for errors only on connections it holds idle, and an error with no
   * listener would end the process: a lock's connection that the server closes mid-work (a restart, a failover,
   * `pg_terminate_backend`) is reported instead, as the loss of the lock it held.
   */
  private async connect(name: string): Promise<pg.PoolClient & { done: (destroy: boolean) => void }> {
    const client = await this.pool!.connect();
    const lost = (error: Error) =>
      this.logger.warn({ err: error, lock: name }, 'The connection holding a lock was closed; the lock is no longer held');
    client.on('error', lost);
    return Object.assign(client, {
      done: (destroy: boolean) => {
        client.removeListener('error', lost);
        client.release(destroy);
      },
    });
  }

  private async unlock(client: pg.PoolClient, name: string): Promise<boolean> {
    try {
      await client.query(UNLOCK, [name]);
      return true;
    } catch (error) {
      this.logger.warn({ err: error, lock: name }, 'Could not give a lock back; its connection is closed instead');
      return false;
    }
  }
}
