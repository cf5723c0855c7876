import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { ComplaintRepository } from '../complaints/complaint.repository.js';
import { ScheduledJobs } from '../database/scheduled-jobs.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CaseConversations } from './complaint-links.js';
import { CustomerErasures } from './customer-erasure.js';
import { DatabaseFiles } from '../database/database-files.js';
import { CustomerDataRegistry } from './customer-data.js';
import { retentionCutoffs } from './retention-cutoffs.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How often each instance asks whether a sweep is due: the sweep runs once a day across instances, and when the
 * instance that would have run it is gone, another runs it within this.
 */
const ASK_EVERY_MS = 60 * 60 * 1000;
const JOB = 'retention-sweep';

/** What each part deleted, by part and kind of row: counts only. */
export type RetentionReport = Record<string, Record<string, number>>;

/**
 * Deletes what the code of conduct's retention policy no longer lets Redress keep: closed complaints past their limit
 * are anonymised (as an erasure would, see CustomerErasures), then every registered part sweeps its own tables. It runs
 * once a day across every instance on the database (see ScheduledJobs): at the first start, then whenever an instance
 * finds that no sweep has completed for 24 hours. A sweep only deletes what is past its limit, so one cut short by a
 * crash is finished by the next.
 */
@Injectable()
export class RetentionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RetentionSweep');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionReport> | undefined;
  private asking: Promise<unknown> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly complaints: ComplaintRepository,
    private readonly sources: CustomerDataRegistry,
    private readonly links: CaseConversations,
    private readonly conduct: CodeOfConductService,
    private readonly erasures: CustomerErasures,
    private readonly files: DatabaseFiles,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jobs: ScheduledJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), ASK_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // the database closes after this: let a sweep under way finish its batch rather than fail halfway
    await this.running?.catch(() => undefined);
    await this.asking;
  }

  /**
   * A sweep if one is due: none has completed in the last 24 hours, on any instance, and none runs now. True when it
   * ran here.
   */
  runIfDue(): Promise<boolean> {
    return this.jobs.runIfDue(JOB, { now: this.clock.now(), everyMs: DAY_MS }, () => this.run());
  }

  /** One sweep now, due or not; a call while one runs joins it. */
  run(): Promise<RetentionReport> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private kick(): void {
    if (this.asking) return;
    this.asking = this.uow.detached(() =>
      this.runIfDue()
        .catch((error: unknown) => this.logger.error({ err: error }, 'Retention sweep failed; the next one tries again'))
        .finally(() => (this.asking = undefined)),
    );
  }

  /** Complaints closed or withdrawn before `before`, anonymised one by one; how many, and what went with them. */
  private async anonymiseClosedCases(before: string): Promise<Record<string, number>> {
    const totals: Record<string, number> = { complaints: 0, conversations: 0 };
    for (const reference of await this.complaints.endedBefore(before)) {
      const done = await this.erasures.anonymiseCase(reference, { reclaim: false });
      totals.complaints++;
      totals.conversations += done.conversations;
      for (const [source, counts] of Object.entries(done.deleted)) {
        for (const [kind, count] of Object.entries(counts)) totals[`${source}.${kind}`] = (totals[`${source}.${kind}`] ?? 0) + count;
      }
    }
    return totals;
  }

  private async sweep(): Promise<RetentionReport> {
    const cutoffs = retentionCutoffs(this.conduct.retention(), this.clock.now());
    const report: RetentionReport = {};
    if (cutoffs.closedCasesBefore) {
      // never while the customer may still ask to reopen it
      const reopenable = new Date(this.clock.now().getTime() - this.conduct.reopenWindowDays() * DAY_MS).toISOString();
      report.closedCases = await this.anonymiseClosedCases(cutoffs.closedCasesBefore < reopenable ? cutoffs.closedCasesBefore : reopenable);
    }
    for (const source of this.sources.all()) report[source.name] = await source.sweep(cutoffs, this.links);
    // rebuilding the database's files costs time in proportion to its size: only when something went
    if (Object.values(report).some((counts) => Object.values(counts).some((count) => count > 0))) await this.files.reclaim();
    this.logger.log({ deleted: report, cutoffs }, 'Retention sweep done');
    return report;
  }
}
