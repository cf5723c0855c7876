import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openAppServices, type AppServices } from '../bench/data/app-services.js';
import { lastTwelveMonths } from '../bench/data/operations.js';
import { referenceOf, type SeedSummary } from '../bench/data/seed-plan.js';
import { replicate, seed } from '../bench/data/seed.js';
import { expectFiguresOf, rawCases } from './support/report-brute-force.js';

const NOW = new Date('2026-12-05T00:00:00.000Z');
const AUDIT_KEY = 'bench-seed-test-audit-key-0123456789abcdef';
const SIZE = 500;

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

  it('makes a database ten times bigger by copying the cases under new references, which the app then finds and counts', async () => {
    const before = await app.indicators.promises({});
    const satisfaction = await app.satisfaction.report({});
    await app.close();
    replicate(dataDir, SIZE, 10);
    app = await openAppServices({ dataDir }, NOW, AUDIT_KEY);
    expect((await app.complaints.get(referenceOf(SIZE * 10 - 1))).reference).toBe(referenceOf(SIZE * 10 - 1));
    expect((await app.indicators.complaints({})).received).toBe(SIZE * 10);
    const after = await app.indicators.promises({});
    expect(after.promises.map((p) => [p.promiseId, p.deadlines])).toEqual(before.promises.map((p) => [p.promiseId, p.deadlines * 10]));
    expect((await app.satisfaction.report({})).responseRate.count).toBe(satisfaction.responseRate.count * 10);
    expect((await app.disputes.report({})).offered).toBe(summary.disputes * 10);
  }, 120_000);
});
