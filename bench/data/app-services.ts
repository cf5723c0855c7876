import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { verifyAudit, type AuditReport } from '../../src/audit/audit-verifier.js';
import { CaseHistory } from '../../src/audit/case-history.js';
import { CaseHistoryRepository } from '../../src/audit/case-history.repository.js';
import { AppModule } from '../../src/app.module.js';
import { CLOCK } from '../../src/complaints/clock.js';
import { ComplaintRepository } from '../../src/complaints/complaint.repository.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { parseConfig } from '../../src/config/config.schema.js';
import { DisputeReportService } from '../../src/indicators/dispute-report.service.js';
import { IndicatorsRepository } from '../../src/indicators/indicators.repository.js';
import { IndicatorsService } from '../../src/indicators/indicators.service.js';
import { MonthlySumsUpkeep } from '../../src/indicators/monthly-sums-upkeep.js';
import { SatisfactionReportService } from '../../src/indicators/satisfaction-report.service.js';
import type { SeedTarget } from './seed.js';

/** The app's own services over a seeded database, as the staff API and the reports call them. */
export interface AppServices {
  complaints: ComplaintsService;
  indicators: IndicatorsService;
  satisfaction: SatisfactionReportService;
  disputes: DisputeReportService;
  /** The figures' queries one by one, and the database, for checking the seeded rows. */
  indicatorRows: IndicatorsRepository;
  dataSource: DataSource;
  /** How long bringing the monthly sums up to date took before any read, as a started app does in the background. */
  sumsUpkeepMs: number;
  /** What `npm run audit -- verify` checks: every case's history chained, sealed and leading to its status. */
  audit(): Promise<AuditReport>;
  close(): Promise<void>;
}

/**
 * The whole app (its composition root, every module), compiled but not started: nothing listens and no background
 * work runs (outbox relay, deadline watch, retention sweep, audit checkpoints start with the application), so the
 * timings are of the reads alone. The clock stands still at `now`, the instant the data was seeded for.
 */
export async function openAppServices(target: SeedTarget, now: Date, auditKey: string): Promise<AppServices> {
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: target.dataDir,
    AUDIT_KEY: auditKey,
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
  });
  const module = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue({ now: () => new Date(now) })
    .compile();
  // a started app brings the monthly sums up to date in the background after start (MonthlySumsUpkeep): the reads
  // are timed as a report finds them then
  const upkeep = performance.now();
  await module.get(MonthlySumsUpkeep, { strict: false }).bringUpToDate();
  const sumsUpkeepMs = performance.now() - upkeep;
  return {
    sumsUpkeepMs,
    complaints: module.get(ComplaintsService, { strict: false }),
    indicators: module.get(IndicatorsService, { strict: false }),
    satisfaction: module.get(SatisfactionReportService, { strict: false }),
    disputes: module.get(DisputeReportService, { strict: false }),
    indicatorRows: module.get(IndicatorsRepository, { strict: false }),
    dataSource: module.get(DataSource, { strict: false }),
    audit: () =>
      verifyAudit(
        { history: module.get(CaseHistory, { strict: false }), records: module.get(CaseHistoryRepository, { strict: false }), complaints: module.get(ComplaintRepository, { strict: false }) },
        auditKey,
        '',
      ),
    // not module.close(): its shutdown hooks belong to a started app
    close: () => module.get(DataSource, { strict: false }).destroy(),
  };
}
