import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InstanceState } from '../src/health/instance-state.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(120_000);

describe.each(dialects())('health checks on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers /health/live without a key', async () => {
    const live = await server.request('GET', '/health/live', { auth: false });
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'live' });
  });

  it('answers /health/ready without a key once the database answers with every migration run', async () => {
    const ready = await server.request('GET', '/health/ready', { auth: false });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: dialect === 'postgres' ? 'postgres' : 'better-sqlite3', migrations: expect.any(Number) });
    expect(ready.body.migrations).toBeGreaterThan(10);
  });

  it('keeps /health answering as before', async () => {
    const health = await server.request('GET', '/health', { auth: false });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('is not ready while the database lacks a migration of this build, and names it', async () => {
    const db = server.app.get(DataSource);
    const [row] = await db.query(`SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
    await db.query(`DELETE FROM migrations WHERE name = '${row.name}'`);
    try {
      const ready = await server.request('GET', '/health/ready', { auth: false });
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not_ready', reasons: ['migrations_pending'], database: expect.any(String), pendingMigrations: [row.name] });
      // alive all the same: nothing to restart
      expect((await server.request('GET', '/health/live', { auth: false })).status).toBe(200);
    } finally {
      await db.query(`INSERT INTO migrations (id, timestamp, name) VALUES (${Number(row.id)}, ${Number(row.timestamp)}, '${row.name}')`);
    }
    expect((await server.request('GET', '/health/ready', { auth: false })).status).toBe(200);
  });

  it('is not ready once the instance starts shutting down, and still live', async () => {
    await server.app.get(InstanceState).startDraining();
    const ready = await server.request('GET', '/health/ready', { auth: false });
    expect(ready.status).toBe(503);
    expect(ready.body.reasons).toEqual(['shutting_down']);
    expect((await server.request('GET', '/health/live', { auth: false })).status).toBe(200);
  });
});
