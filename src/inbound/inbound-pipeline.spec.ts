import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import type { Clock } from '../complaints/clock.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { CORE_SCHEMA } from '../database/schema.js';
import { DatabaseAccess } from '../database/database-access.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { InstanceState } from '../health/instance-state.js';
import { OperationsMetrics } from '../metrics/operations-metrics.js';
import { InboundMessageRepository } from './inbound-message.repository.js';
import { GAVE_UP, InboundPipeline, type InboundHandler, type InboundSettings, type NewInboundMessage } from './inbound-pipeline.js';

const SETTINGS: InboundSettings = { pollIntervalMs: 60_000, leaseMs: 30_000, capacity: 4, maxAttempts: 3 };

class ManualClock implements Clock {
  private current = Date.parse('2026-03-02T10:00:00.000Z');
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** A promise and its resolver, to hold a handler mid-turn. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.each(dialects())(`${InboundPipeline.name} on %s`, (dialect) => {
  const sources: DataSource[] = [];
  const pipelines: InboundPipeline[] = [];
  let shared: UnitOfWork;
  let options: Parameters<typeof dataSourceOptions>[0];
  let cleanUp: () => Promise<void>;
  let clock: ManualClock;
  let channel = '';
  let n = 0;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      options = { DATABASE_URL: database.url, DATA_DIR: tmpdir() };
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-inbound-'));
      options = { DATA_DIR: dir };
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    sources.push(await new DataSource(dataSourceOptions(options, CORE_SCHEMA)).initialize());
    shared = new UnitOfWork(sources[0]);
  });

  beforeEach(() => {
    clock = new ManualClock();
    channel = `test-${++n}`;
  });

  afterEach(async () => {
    for (const pipeline of pipelines.splice(0)) await pipeline.beforeApplicationShutdown();
  });

  afterAll(async () => {
    for (const source of sources) await source.destroy();
    await cleanUp?.();
  });

  /**
   * Another instance of Redress on the same database. On PostgreSQL it has a connection pool of its own. SQLite's
   * driver waits for another connection's lock by blocking the thread, which in one process is a deadlock, so there the
   * instances share one connection, as the instances' processes would share the one file.
   */
  async function instance(settings: Partial<InboundSettings> = {}): Promise<{ pipeline: InboundPipeline; uow: UnitOfWork }> {
    let uow = shared;
    let source = sources[0];
    if (dialect === 'postgres' && pipelines.length > 0) {
      source = await new DataSource(dataSourceOptions(options, CORE_SCHEMA)).initialize();
      sources.push(source);
      uow = new UnitOfWork(source);
    }
    const pipeline = new InboundPipeline(uow, new InboundMessageRepository(new DatabaseAccess(source)), clock, { ...SETTINGS, ...settings }, new OperationsMetrics(), new InstanceState());
    pipelines.push(pipeline);
    return { pipeline, uow };
  }

  function message(conversationKey: string, text: string): NewInboundMessage {
    return { channel, conversationKey, providerId: text, payload: { text }, receivedAt: clock.now().toISOString() };
  }

  /** As a channel's handler: marks the message handled first in the turn's transaction, does the turn, records it. */
  function recording(uow: UnitOfWork, turns: string[], work: () => Promise<void> = async () => undefined): InboundHandler {
    return async (stored, turn) => {
      await uow.transaction(async () => {
        await turn.handled('dialog');
        await work();
      });
      turns.push(`${stored.conversationKey}:${(stored.payload as { text: string }).text}`);
    };
  }

  const outcomes = async () => {
    const rows = (await sources[0].query(`SELECT provider_id, outcome FROM inbound_messages WHERE channel = '${channel}' ORDER BY id`)) as {
      provider_id: string;
      outcome: string | null;
    }[];
    return rows.map((row) => ({ id: row.provider_id, outcome: row.outcome }));
  };

  it('runs a conversation\'s messages one at a time, in the order they came, each once', async () => {
    const { pipeline, uow } = await instance();
    const turns: string[] = [];
    const running = new Set<string>();
    let overlapped = false;
    pipeline.register(channel, async (stored, turn) => {
      if (running.has(stored.conversationKey)) overlapped = true;
      running.add(stored.conversationKey);
      await pause(5);
      await recording(uow, turns)(stored, turn);
      running.delete(stored.conversationKey);
    });
    for (const text of ['one', 'two', 'three']) await pipeline.store(message('+447700900001', text));
    for (const text of ['uno', 'dos']) await pipeline.store(message('+447700900002', text));
    await pipeline.drain();

    expect(turns.filter((t) => t.startsWith('+447700900001'))).toEqual(['+447700900001:one', '+447700900001:two', '+447700900001:three']);
    expect(turns.filter((t) => t.startsWith('+447700900002'))).toEqual(['+447700900002:uno', '+447700900002:dos']);
    expect(overlapped).toBe(false);
    expect((await outcomes()).map((row) => row.outcome)).toEqual(['dialog', 'dialog', 'dialog', 'dialog', 'dialog']);
  });

  it('runs the message a customer sends during a turn as soon as that turn ends, whichever instance stored it', async () => {
    const { pipeline, uow } = await instance();
    // another instance shares PostgreSQL; with SQLite one process holds the database
    const other = dialect === 'postgres' ? (await instance()).pipeline : pipeline;
    const turns: string[] = [];
    const inTurn = gate();
    const release = gate();
    pipeline.register(channel, async (stored, turn) => {
      if (stored.providerId === 'first') {
        inTurn.open();
        await release.opened;
      }
      await recording(uow, turns)(stored, turn);
    });
    await pipeline.store(message('+447700900015', 'first'));
    const draining = pipeline.drain();
    await inTurn.opened;
    await other.store(message('+447700900015', 'second'));
    release.open();
    // no poll runs (its interval is a minute): the end of the first turn claims the second
    await draining;

    expect(turns).toEqual(['+447700900015:first', '+447700900015:second']);
    expect(await outcomes()).toEqual([
      { id: 'first', outcome: 'dialog' },
      { id: 'second', outcome: 'dialog' },
    ]);
  });

  it('starts a running instance\'s turn for a message as it is stored, and keeps the conversation\'s order and one try each', async () => {
    const { pipeline, uow } = await instance();
    const turns: string[] = [];
    const inTurn = gate();
    const release = gate();
    pipeline.register(channel, async (stored, turn) => {
      if (stored.providerId === 'first') {
        inTurn.open();
        await release.opened;
      }
      await recording(uow, turns)(stored, turn);
    });
    pipeline.onApplicationBootstrap();
    await pipeline.store(message('+447700900016', 'first'));
    await inTurn.opened;
    await pipeline.store(message('+447700900016', 'second'));
    await pipeline.store(message('+447700900017', 'other'));
    release.open();
    for (let pass = 0; pass < 20 && turns.length < 3; pass++) await pause(20);

    expect(turns.filter((t) => t.startsWith('+447700900016'))).toEqual(['+447700900016:first', '+447700900016:second']);
    expect(turns).toContain('+447700900017:other');
    const attempts = (await sources[0].query(`SELECT attempts FROM inbound_messages WHERE channel = '${channel}' ORDER BY id`)) as { attempts: number }[];
    expect(attempts.map((row) => Number(row.attempts))).toEqual([1, 1, 1]);
  });

  it('runs every message of customers who each wait for their last turn before sending again, none left for the poll', async () => {
    const { pipeline, uow } = await instance();
    const turns: string[] = [];
    const done = new Map<string, () => void>();
    pipeline.register(channel, async (stored, turn) => {
      await pause(Math.floor(Math.random() * 4));
      await recording(uow, turns)(stored, turn);
      done.get(stored.providerId)?.();
    });
    pipeline.onApplicationBootstrap();
    const customers = Array.from({ length: 8 }, (_, i) => `+4477009002${String(i).padStart(2, '0')}`);
    await Promise.all(
      customers.map(async (customer) => {
        for (let i = 0; i < 6; i++) {
          const text = `${customer.slice(-2)}-${i}`;
          const handled = new Promise<void>((resolve) => done.set(text, resolve));
          // half of them as web chat stores them, inside the transaction that keeps the transcript
          if (i % 2 === 0) await pipeline.store(message(customer, text));
          else await uow.transaction(() => pipeline.store(message(customer, text))).then(() => pipeline.kick());
          await handled;
        }
      }),
    );

    expect(turns).toHaveLength(48);
    for (const customer of customers) {
      expect(turns.filter((t) => t.startsWith(customer))).toEqual(Array.from({ length: 6 }, (_, i) => `${customer}:${customer.slice(-2)}-${i}`));
    }
  }, 60_000);

  it('runs a message stored inside a transaction only once that has committed, and never one whose transaction was undone', async () => {
    const { pipeline, uow } = await instance();
    const turns: string[] = [];
    pipeline.register(channel, recording(uow, turns));
    pipeline.onApplicationBootstrap();
    await expect(
      uow.transaction(async () => {
        await pipeline.store(message('+447700900019', 'undone'));
        throw new Error('the post failed after storing');
      }),
    ).rejects.toThrow('the post failed after storing');
    await uow.transaction(async () => {
      await pipeline.store(message('+447700900019', 'kept'));
      await pause(30);
      expect(turns).toEqual([]);
    });
    pipeline.kick();
    for (let pass = 0; pass < 20 && turns.length < 1; pass++) await pause(20);
    await pipeline.drain();

    expect(turns).toEqual(['+447700900019:kept']);
    expect(await outcomes()).toEqual([{ id: 'kept', outcome: 'dialog' }]);
  });

  it('leaves a message stored once the instance has stopped claiming unclaimed, for the next start or another instance', async () => {
    const { pipeline } = await instance();
    pipeline.register(channel, async () => undefined);
    pipeline.onApplicationBootstrap();
    await pipeline.beforeApplicationShutdown();
    await pipeline.store(message('+447700900018', 'late'));
    const rows = (await sources[0].query(`SELECT claimed_until, handled_at FROM inbound_messages WHERE channel = '${channel}'`)) as {
      claimed_until: string | null;
      handled_at: string | null;
    }[];
    expect(rows).toEqual([{ claimed_until: null, handled_at: null }]);
  });

  it('stores a message the provider sends again once, and runs no second turn for it', async () => {
    const { pipeline, uow } = await instance();
    const turns: string[] = [];
    pipeline.register(channel, recording(uow, turns));
    const first = await pipeline.store(message('+447700900003', 'SM-retried'));
    await pipeline.drain();
    const again = await pipeline.store(message('+447700900003', 'SM-retried'));
    await pipeline.drain();

    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(turns).toEqual(['+447700900003:SM-retried']);
    expect(await outcomes()).toEqual([{ id: 'SM-retried', outcome: 'dialog' }]);
  });

  it('marks handled a message whose handler did not say how, and keeps one a handler did not register for waiting', async () => {
    const { pipeline: without } = await instance();
    await without.store(message('+447700900004', 'waits'));
    await without.drain();
    expect(await outcomes()).toEqual([{ id: 'waits', outcome: null }]);

    // a restart with the channel on: the message stored before is picked up at start
    const { pipeline } = await instance();
    const seen: unknown[] = [];
    pipeline.register(channel, async (stored) => void seen.push(stored.payload));
    pipeline.onApplicationBootstrap();
    await pipeline.drain();
    expect(seen).toEqual([{ text: 'waits' }]);
    expect(await outcomes()).toEqual([{ id: 'waits', outcome: 'handled' }]);
  });

  it('marks handled a message whose handler marked it in a transaction it then undid, and returned all the same', async () => {
    const { pipeline, uow } = await instance();
    pipeline.register(channel, async (_stored, turn) => {
      await uow
        .transaction(async () => {
          await turn.handled('dialog');
          throw new Error('the turn failed after its mark');
        })
        .catch(() => undefined);
    });
    await pipeline.store(message('+447700900014', 'undone'));
    await pipeline.drain();

    expect(await outcomes()).toEqual([{ id: 'undone', outcome: 'handled' }]);
  });

  it('gives the message of an instance that stopped mid-turn to another once its lease lapses, and keeps one turn', async () => {
    const { pipeline: dying, uow: dyingUow } = await instance();
    const { pipeline: survivor, uow } = await instance();
    const started = gate();
    const stuck = gate();
    const dyingTurns: string[] = [];
    dying.register(channel, async (stored, turn) => {
      started.open();
      await stuck.opened;
      await recording(dyingUow, dyingTurns)(stored, turn);
    });
    const turns: string[] = [];
    survivor.register(channel, recording(uow, turns));

    dying.onApplicationBootstrap();
    await dying.store(message('+447700900005', 'held'));
    await started.opened;

    // within the lease, nobody else runs it
    await survivor.drain();
    expect(turns).toEqual([]);

    // the lease lapses: the survivor runs it; the first instance, waking, finds it handled and keeps nothing
    clock.advance(SETTINGS.leaseMs + 1);
    await survivor.drain();
    stuck.open();
    await dying.drain();

    expect(turns).toEqual(['+447700900005:held']);
    expect(dyingTurns).toEqual([]);
    expect(await outcomes()).toEqual([{ id: 'held', outcome: 'dialog' }]);
  });

  it('gives up a message after as many tries as allowed, and then runs the conversation\'s next one', async () => {
    const { pipeline, uow } = await instance({ maxAttempts: 2 });
    let tries = 0;
    const turns: string[] = [];
    pipeline.register(channel, async (stored, turn) => {
      if (stored.providerId === 'poison') {
        tries++;
        throw new Error('the handler cannot take this one');
      }
      await recording(uow, turns)(stored, turn);
    });
    await pipeline.store(message('+447700900006', 'poison'));
    await pipeline.store(message('+447700900006', 'next'));
    await pipeline.drain();
    // a failed try keeps its claim until the lease lapses, and the conversation's next message waits behind it
    await pipeline.drain();
    expect({ tries, turns }).toEqual({ tries: 1, turns: [] });
    for (let round = 0; round < 3; round++) {
      clock.advance(SETTINGS.leaseMs + 1);
      await pipeline.drain();
    }

    expect(tries).toBe(2);
    expect(await outcomes()).toEqual([
      { id: 'poison', outcome: GAVE_UP },
      { id: 'next', outcome: 'dialog' },
    ]);
    expect(turns).toEqual(['+447700900006:next']);
  });

  it('never runs one conversation\'s turns at once on two instances sharing the database', async () => {
    const first = await instance();
    const second = await instance();
    const turns: string[] = [];
    const running = new Map<string, number>();
    let overlaps = 0;
    const handler =
      (uow: UnitOfWork): InboundHandler =>
      async (stored, turn) => {
        const key = stored.conversationKey;
        running.set(key, (running.get(key) ?? 0) + 1);
        if (running.get(key)! > 1) overlaps++;
        try {
          await recording(uow, turns, () => pause(2))(stored, turn);
        } finally {
          running.set(key, running.get(key)! - 1);
        }
      };
    first.pipeline.register(channel, handler(first.uow));
    second.pipeline.register(channel, handler(second.uow));
    const customers = ['+447700900101', '+447700900102', '+447700900103'];
    const expected = new Map(customers.map((customer) => [customer, [] as string[]]));
    for (let i = 0; i < 8; i++) {
      for (const customer of customers) {
        const text = `${customer.slice(-3)}-${i}`;
        expected.get(customer)!.push(`${customer}:${text}`);
        await first.pipeline.store(message(customer, text));
      }
    }
    first.pipeline.onApplicationBootstrap();
    second.pipeline.onApplicationBootstrap();
    // each instance carries on with a conversation it handled; the other may have looked just before it came free
    for (let pass = 0; pass < 50 && (await outcomes()).some((row) => row.outcome === null); pass++) {
      await Promise.all([first.pipeline.drain(), second.pipeline.drain()]);
    }

    expect(overlaps).toBe(0);
    for (const customer of customers) expect(turns.filter((t) => t.startsWith(customer))).toEqual(expected.get(customer));
    expect((await outcomes()).every((row) => row.outcome === 'dialog')).toBe(true);
  });
});
