import { describe, expect, it } from '@jest/globals';
import { ClusterLocks } from './cluster-locks.js';

/** Work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

// Without DATABASE_URL (SQLite, one instance) the locks are held in this process; PostgreSQL's are in test/multi-instance.
describe(ClusterLocks.name, () => {
  it('runs work under one name one at a time, in the order asked, and another name alongside', async () => {
    const locks = new ClusterLocks({});
    const order: string[] = [];
    const first = gate();
    const a = locks.exclusive('card:A', async () => {
      order.push('A1 start');
      await first.opened;
      order.push('A1 end');
    });
    const b = locks.exclusive('card:A', async () => void order.push('A2'));
    const other = locks.exclusive('card:B', async () => void order.push('B'));
    await other;
    expect(order).toEqual(['A1 start', 'B']);
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(['A1 start', 'B', 'A1 end', 'A2']);
  });

  it('goes on to the next holder when work fails, and gives the failure to its own caller', async () => {
    const locks = new ClusterLocks({});
    const failed = locks.exclusive('x', async () => {
      throw new Error('broke');
    });
    await expect(failed).rejects.toThrow('broke');
    await expect(locks.exclusive('x', async () => 'next')).resolves.toBe('next');
  });

  it('skips work already running under its name, and runs it again once that is done', async () => {
    const locks = new ClusterLocks({});
    const running = gate();
    const first = locks.ifFree('sweep', async () => {
      await running.opened;
      return 'swept';
    });
    await expect(locks.ifFree('sweep', async () => 'again')).resolves.toEqual({ ran: false });
    running.open();
    await expect(first).resolves.toEqual({ ran: true, value: 'swept' });
    await expect(locks.ifFree('sweep', async () => 'again')).resolves.toEqual({ ran: true, value: 'again' });
  });
});
