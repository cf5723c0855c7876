import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openAppServices, type AppServices } from '../bench/data/app-services.js';
import { lastTwelveMonths } from '../bench/data/operations.js';
import { referenceOf, type SeedSummary } from '../bench/data/seed-plan.js';
import { replicate } from '../bench/data/replicate.js';
import { copyToPostgres, seed } from '../bench/data/seed.js';
import { createPostgresDatabase, dialects } from './support/databases.js';
import { expectFiguresOf, rawCases } from './support/report-brute-force.js';

const NOW = new Date('2026-12-05T00:00:00.000Z');
const AUDIT_KEY = 'bench-seed-test-audit-key-0123456789abcdef';
const SIZE = 500;
const SMALL = 200;

/** The data benchmark's seeder, at a small size: what it writes, the app reads back as it reads its own. */
describe('npm run bench:data seeding', () => {
  let dataDir: string;
  let summary: SeedSummary;
  let app: AppServices;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-seed-'));
    summary = await seed({ dataDir }, SIZE, NOW, AUDIT_KEY);
    app = await openAppServices({ dataDir }, NOW, AUDIT_KEY);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds a realistic mix: mostly closed, some open, overdue, withdrawn, surveys and disputes', () => {
    expect(summary.complaints).toBe(SIZE);
    expect(summary.byStatus.closed).toBeGreaterThan(SIZE * 0.8);
    expect(summary.byStatus.withdrawn).toBeGreaterThan(0);
    expect(SIZE - summary.byStatus.closed - summary.byStatus.withdrawn).toBeGreaterThan(0);
    expect(summary.overdue).toBeGreaterThan(0);
    expect(summary.responses).toBeGreaterThan(0);
    expect(summary.disputes).toBeGreaterThan(0);
    expect(summary.events).toBeGreaterThan(SIZE * 5);
  });

  it('finds each complaint by its reference, with a history whose chain and seal hold', async () => {
    for (const i of [0, 1, 250, SIZE - 1]) {
      const reference = referenceOf(i);
      const complaint = await app.complaints.get(reference);
      expect(complaint.reference).toBe(reference);
      const { events, integrity } = await app.complaints.history(reference);
      expect(events[0].type).toBe('complaint.received');
      expect(integrity).toMatchObject({ intact: true, events: events.length });
    }
  });

  it('lists the complaints by status, and the overdue ones, with the seeded counts', async () => {
    const closed = await app.complaints.list({ status: ['closed'], page: 1, pageSize: 20 });
    expect(closed.total).toBe(summary.byStatus.closed);
    expect(closed.items).toHaveLength(20);
    expect(closed.items.every((c) => c.status === 'closed' && c.closure !== null)).toBe(true);
    const overdue = await app.complaints.list({ overdue: true, page: 1, pageSize: 100 });
    expect(overdue.total).toBe(summary.overdue);
    expect(overdue.items.every((c) => c.deadlines.some((d) => d.settledAt === null && d.dueAt <= NOW.toISOString()))).toBe(true);
  });

  it('counts the seeded complaints, deadlines, surveys and disputes in every report', async () => {
    const all = await app.indicators.complaints({});
    expect(all.received).toBe(SIZE);
    const year = await app.indicators.complaints(lastTwelveMonths(NOW));
    expect(year.received).toBe(summary.receivedSince(lastTwelveMonths(NOW).from) - summary.receivedSince(lastTwelveMonths(NOW).to));
    const promises = await app.indicators.promises({});
    expect(promises.promises.map((p) => p.promiseId).sort()).toEqual(['acknowledge', 'final-response', 'status-updates']);
    expect(promises.promises.find((p) => p.promiseId === 'acknowledge')?.deadlines).toBe(SIZE);
    const satisfaction = await app.satisfaction.report({});
    expect(satisfaction.responseRates.reduce((sum, rate) => sum + rate.responseRate.count, 0)).toBe(summary.surveysSent);
    const disputes = await app.disputes.report({});
    expect(disputes.offered).toBe(summary.disputes);
  });

  it('writes for the reports the rows the app would: every figure equals a brute force over the seeded cases and their histories', async () => {
    const cases = await rawCases(app.dataSource);
    const year = lastTwelveMonths(NOW);
    const filters = [{}, year, { ...year, category: 'billing' }, { from: '2026-03-15T12:00:00.000Z', to: '2026-09-03T00:00:00.000Z', channel: 'webchat' }, { promiseId: 'final-response' }];
    await expectFiguresOf(app.indicatorRows, cases, filters, [NOW.toISOString()]);
  }, 120_000);

  it('makes a database three times bigger by copying each case with its sealed history, survey answers and dispute, which the app reads as its own', async () => {
    const before = await app.indicators.promises({});
    const satisfaction = await app.satisfaction.report({});
    const history = await app.complaints.history(referenceOf(7));
    await app.close();
    await replicate({ dataDir }, SIZE, 3, AUDIT_KEY);
    app = await openAppServices({ dataDir }, NOW, AUDIT_KEY);

    const copy = referenceOf(7 + 2 * SIZE);
    expect((await app.complaints.get(copy)).reference).toBe(copy);
    const copied = await app.complaints.history(copy);
    expect(copied.integrity).toMatchObject({ intact: true, events: history.events.length });
    expect(copied.events.map((e) => [e.type, e.at])).toEqual(history.events.map((e) => [e.type, e.at]));
    // every history of the 1,500 chains, fits its seal under the app's key, and leads to its case's status
    const audit = await app.audit();
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ cases: SIZE * 3, events: summary.events * 3 });

    expect((await app.indicators.complaints({})).received).toBe(SIZE * 3);
    const after = await app.indicators.promises({});
    expect(after.promises.map((p) => [p.promiseId, p.deadlines])).toEqual(before.promises.map((p) => [p.promiseId, p.deadlines * 3]));
    expect((await app.satisfaction.report({})).responseRate.count).toBe(satisfaction.responseRate.count * 3);
    expect((await app.disputes.report({})).offered).toBe(summary.disputes * 3);

    const cases = await rawCases(app.dataSource);
    expect(cases).toHaveLength(SIZE * 3);
    const year = lastTwelveMonths(NOW);
    await expectFiguresOf(app.indicatorRows, cases, [{}, year, { ...year, channel: 'sms' }], [NOW.toISOString()]);
  }, 240_000);
});

// only when a PostgreSQL server is at hand (scripts/with-throwaway-postgres.sh)
const onPostgres = dialects().includes('postgres') ? describe : describe.skip;

onPostgres('npm run bench:data on PostgreSQL: copied from SQLite, then grown inside it', () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> };
  let summary: SeedSummary;
  let app: AppServices | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-seed-pg-'));
    database = await createPostgresDatabase();
    summary = await seed({ dataDir }, SMALL, NOW, AUDIT_KEY);
    await copyToPostgres(dataDir, database.url);
    await replicate({ dataDir, databaseUrl: database.url }, SMALL, 3, AUDIT_KEY);
    app = await openAppServices({ dataDir, databaseUrl: database.url }, NOW, AUDIT_KEY);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds every copy with a sealed history, and counts them in every report as a brute force does', async () => {
    const target = app as AppServices;
    const audit = await target.audit();
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ cases: SMALL * 3, events: summary.events * 3 });
    expect((await target.complaints.history(referenceOf(SMALL * 3 - 1))).integrity).toMatchObject({ intact: true });
    expect((await target.disputes.report({})).offered).toBe(summary.disputes * 3);
    expect((await target.satisfaction.report({})).responseRate.count).toBe(summary.surveysSent * 3);
    const cases = await rawCases(target.dataSource);
    expect(cases).toHaveLength(SMALL * 3);
    const year = lastTwelveMonths(NOW);
    await expectFiguresOf(target.indicatorRows, cases, [{}, year, { ...year, category: 'billing' }], [NOW.toISOString()]);
  }, 240_000);
});
