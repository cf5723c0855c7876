import { describe, expect, it } from '@jest/globals';
import { readiness } from './readiness.js';

const KNOWN = ['InitialSchema1764144000000', 'Outbox1764170000000'];

describe(readiness.name, () => {
  it('is ready when the database answers with every migration run and the instance is not shutting down', () => {
    expect(readiness({ database: 'postgres', known: KNOWN, applied: KNOWN, draining: false })).toEqual({
      ready: true,
      body: { status: 'ready', database: 'postgres', migrations: 2 },
    });
  });

  it('names the migrations the database has not run', () => {
    expect(readiness({ database: 'better-sqlite3', known: KNOWN, applied: [KNOWN[0]], draining: false })).toEqual({
      ready: false,
      body: { status: 'not_ready', reasons: ['migrations_pending'], database: 'better-sqlite3', pendingMigrations: ['Outbox1764170000000'] },
    });
  });

  it('is not ready while shutting down, even with everything else in order', () => {
    expect(readiness({ database: 'postgres', known: KNOWN, applied: KNOWN, draining: true }).body).toEqual({
      status: 'not_ready',
      reasons: ['shutting_down'],
      database: 'postgres',
    });
  });

  it('is not ready when the database does not answer', () => {
    expect(readiness({ database: null, known: KNOWN, applied: [], draining: false }).body).toEqual({
      status: 'not_ready',
      reasons: ['database_unreachable'],
      database: null,
    });
  });

  it('ignores migrations the database ran that this build does not know (a newer instance ran them)', () => {
    expect(readiness({ database: 'postgres', known: KNOWN, applied: [...KNOWN, 'Later1799999999999'], draining: false }).ready).toBe(true);
  });
});
