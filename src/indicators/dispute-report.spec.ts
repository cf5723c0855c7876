import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { aComplaint } from '../complaints/domain/complaint.fixtures.js';
import { DatabaseAccess } from '../database/database-access.js';
import { ReportFactsRepository } from './report-facts.repository.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { combineSchemas, CORE_SCHEMA } from '../database/schema.js';
import { DisputeRecord } from '../disputes/dispute.entity.js';
import { DISPUTES_SCHEMA } from '../disputes/disputes.schema.js';
import { DisputeReportRepository } from './dispute-report.repository.js';
import { DisputeReportService } from './dispute-report.service.js';
import { INDICATORS_SCHEMA } from './indicators.schema.js';

/**
 * The fixed data set, figures worked out by hand:
 *   P webchat: chose a provider, referred, upheld 1 Apr 00:00, remedy carried out 4 Apr 12:00 (3.5 days)
 *   Q sms:     declined
 *   R sms:     consented, then took it back
 *   S webchat: referred, not upheld, no remedy
 *   T sms:     referred, settled 1 May 00:00, remedy carried out 2 May 12:00 (1.5 days)
 * Overall: 5 offered, 4 consented, 3 referred, 1 upheld of 3 decided, 2 remedies averaging 2.5 days.
 */
async function load(dataSource: DataSource): Promise<void> {
  const channels: Record<string, string> = { P: 'webchat', Q: 'sms', R: 'sms', S: 'webchat', T: 'sms' };
  const complaints = Object.entries(channels).map(([reference, channel], i) =>
    aComplaint({ reference, channel, receivedAt: `2026-03-0${i + 1}T10:00:00.000Z`, updatedAt: '2026-03-10T10:00:00.000Z', deadlines: [] }),
  );
  await dataSource.manager.insert(ComplaintRecord, complaints.map((c) => ComplaintRecord.fromDomain(c, 1)));
  // what the app writes beside each case, which the reports filter by
  const facts = new ReportFactsRepository(new DatabaseAccess(dataSource));
  for (const c of complaints) await facts.record(c, []);
  const dispute = (reference: string, fields: Partial<DisputeRecord>): Partial<DisputeRecord> => ({
    reference,
    status: 'offered',
    trigger: 'response_rejected',
    options: 'ombudsman',
    offeredAt: '2026-03-15T10:00:00.000Z',
    updatedAt: '2026-03-15T10:00:00.000Z',
    version: 1,
    ...fields,
  });
  const referred = { providerId: 'ombudsman', referredAt: '2026-03-20T10:00:00.000Z' };
  await dataSource.manager.insert(DisputeRecord, [
    dispute('P', { ...referred, status: 'closed', outcome: 'upheld', decidedAt: '2026-04-01T00:00:00.000Z', remedyImplementedAt: '2026-04-04T12:00:00.000Z' }),
    dispute('Q', { status: 'declined' }),
    dispute('R', { status: 'consent_withdrawn' }),
    dispute('S', { ...referred, status: 'decided', outcome: 'not_upheld', decidedAt: '2026-04-20T00:00:00.000Z' }),
    dispute('T', { ...referred, status: 'remedy_implemented', outcome: 'settled', decidedAt: '2026-05-01T00:00:00.000Z', remedyImplementedAt: '2026-05-02T12:00:00.000Z' }),
  ] as DisputeRecord[]);
}

describe.each(dialects())(`${DisputeReportService.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let service: (minimum: number) => DisputeReportService;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const schema = combineSchemas(CORE_SCHEMA, INDICATORS_SCHEMA, DISPUTES_SCHEMA);
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, schema)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-dispute-report-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, schema)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    const repository = new DisputeReportRepository(new DatabaseAccess(dataSource));
    service = (minimum) => new DisputeReportService(repository, { now: () => new Date('2026-06-01T00:00:00.000Z') }, { INDICATORS_MINIMUM_COUNT: minimum });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  it('with no disputes, gives no rate and no mean', async () => {
    expect(await service(2).report({})).toMatchObject({
      offered: 0,
      consentRate: { enoughData: false, successes: 0, count: 0, minimum: 2 },
      referralRate: { enoughData: false, count: 0 },
      upholdRate: { enoughData: false, count: 0 },
      daysToImplement: { enoughData: false, count: 0, minimum: 2 },
    });
  });

  describe('with the fixed data set', () => {
    beforeAll(async () => load(dataSource), 60_000);

    it('counts offers, consents, referrals, the uphold rate with its interval and the mean days to a remedy', async () => {
      const report = await service(2).report({});
      expect(report).toMatchObject({
        offered: 5,
        consentRate: { enoughData: true, successes: 4, count: 5, value: 0.8 },
        referralRate: { enoughData: true, successes: 3, count: 5, value: 0.6 },
        upholdRate: { enoughData: true, successes: 1, count: 3 },
        daysToImplement: { enoughData: true, count: 2 },
      });
      if (!report.upholdRate.enoughData || !report.daysToImplement.enoughData) throw new Error('expected figures');
      expect(report.upholdRate.interval.low).toBeCloseTo(0.0615, 3);
      expect(report.upholdRate.interval.high).toBeCloseTo(0.7923, 3);
      expect(report.daysToImplement.mean).toBeCloseTo(2.5, 6);
    });

    it('filters by the channel and period of the complaints, and says "not enough data" below the minimum', async () => {
      const sms = await service(2).report({ channel: 'sms' });
      expect(sms).toMatchObject({
        offered: 3,
        consentRate: { successes: 2, count: 3 },
        referralRate: { successes: 1, count: 3 },
        upholdRate: { enoughData: false, successes: 0, count: 1, minimum: 2 },
        daysToImplement: { enoughData: false, count: 1, minimum: 2 },
      });
      expect((await service(2).report({ from: '2026-03-04T00:00:00.000Z' })).offered).toBe(2);
      expect((await service(6).report({})).consentRate).toEqual({ enoughData: false, successes: 4, count: 5, minimum: 6 });
    });
  });
});
