import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ComplaintsService } from '../src/complaints/complaints.service.js';
import type { Actor } from '../src/complaints/domain/complaint.commands.js';
import { IndicatorsRepository } from '../src/indicators/indicators.repository.js';
import { ReportFactsRepository } from '../src/indicators/report-facts.repository.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { startApp, type RunningApp } from './support/test-app.js';

const supervisor: Actor = { kind: 'staff', id: 'U0SUPER', role: 'supervisor' };
const NOVEMBER = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const OCTOBER = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };

describe.each(dialects())('monthly sums kept up to date in the background, on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect, {}, '2026-12-03T10:00:00.000Z');
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const staleMonths = () => server.app.get(ReportFactsRepository).monthlySums()[0].staleMonths();
  /**
   * Passes once no month is stale: the sums were brought up to date without any report asking. The tries stop short
   * of the upkeep's minute-long check, so only the start and the writes' signal can pass it.
   */
  const upToDate = () => eventually(async () => expect(await staleMonths()).toEqual([]), 1200);

  async function file(receivedAt: string): Promise<string> {
    const complaint = await server.app.get(ComplaintsService).file(
      { channel: 'phone', contact: { kind: 'email', value: 'c@example.com' }, language: 'en', category: 'delivery', description: 'The parcel never came.', receivedAt: new Date(receivedAt) },
      supervisor,
    );
    return complaint.reference;
  }

  it('sums a month soon after a change to one of its cases, before any report reads it', async () => {
    const reference = await file('2026-11-10T09:00:00.000Z');
    await file('2026-10-20T09:00:00.000Z');
    await upToDate();
    const indicators = server.app.get(IndicatorsRepository);
    expect(await indicators.caseCounts(NOVEMBER)).toEqual({ received: 1, ended: 0, reopened: 0, withdrawn: 0 });

    await server.app.get(ComplaintsService).act(reference, { type: 'withdraw', reason: 'Sorted' }, { kind: 'customer' });
    await upToDate();
    expect(await indicators.caseCounts(NOVEMBER)).toEqual({ received: 1, ended: 1, reopened: 0, withdrawn: 1 });
    expect(await indicators.caseCounts(OCTOBER)).toEqual({ received: 1, ended: 0, reopened: 0, withdrawn: 0 });
  }, 120_000);

  it('sums every month marked stale once the app has started, as after an upgrade that marks them all', async () => {
    const dataSource = server.app.get(DataSource);
    // what an upgrade's migration leaves: no sums, every month with complaints marked
    await dataSource.query('DELETE FROM report_case_months');
    await dataSource.query(`INSERT INTO report_stale_months (month) SELECT DISTINCT substr(received_at, 1, 7) FROM complaint_facts`);
    expect(await staleMonths()).toEqual(['2026-11', '2026-10']);
    await server.restart();
    await upToDate();
    const indicators = server.app.get(IndicatorsRepository);
    expect(await indicators.caseCounts(NOVEMBER)).toEqual({ received: 1, ended: 1, reopened: 0, withdrawn: 1 });
    expect(await indicators.caseCounts(OCTOBER)).toEqual({ received: 1, ended: 0, reopened: 0, withdrawn: 0 });
  }, 120_000);
});
