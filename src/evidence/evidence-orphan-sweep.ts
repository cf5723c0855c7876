import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ScheduledJobs } from '../database/scheduled-jobs.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { EVIDENCE_STORAGE, type EvidenceStorage, type StoredEvidence } from './evidence-storage.js';
import { EvidenceRepository } from './evidence.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** As the retention sweep: each instance asks this often, and the sweep runs once a day across instances. */
const ASK_EVERY_MS = 60 * 60 * 1000;
/**
 * A file is stored before its row is written in the turn's transaction: a file younger than this may still be
 * waiting for its row, so it is never touched.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;
const JOB = 'evidence-orphan-sweep';

/** What one sweep found: counts only, never a key (a key names the complaint). */
export interface OrphanSweepReport {
  listed: number;
  deleted: number;
}

/**
 * Deletes stored files that no evidence row names: a crash, or a turn rolled back after its file was written, leaves
 * one behind, and such a file would escape erasure and retention. Runs once a day across instances (see ScheduledJobs).
 */
@Injectable()
export class EvidenceOrphanSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EvidenceOrphanSweep');
  private timer: NodeJS.Timeout | undefined;
  private asking: Promise<unknown> | undefined;

  constructor(
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    private readonly repository: EvidenceRepository,
    private readonly uow: UnitOfWork,
    private readonly jobs: ScheduledJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), ASK_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.asking;
  }

  /** One sweep now: files older than the grace with no row are deleted. */
  async run(): Promise<OrphanSweepReport> {
    const before = this.clock.now().getTime() - ORPHAN_GRACE_MS;
    const report: OrphanSweepReport = { listed: 0, deleted: 0 };
    let batch: StoredEvidence[] = [];
    const settle = async () => {
      const recorded = await this.repository.recordedKeys(batch.map((file) => file.key));
      for (const file of batch) {
        if (recorded.has(file.key)) continue;
        await this.storage.delete(file.key);
        report.deleted++;
      }
      batch = [];
    };
    for await (const file of this.storage.list()) {
      report.listed++;
      if (file.modifiedAt.getTime() >= before) continue;
      batch.push(file);
      if (batch.length >= BATCH) await settle();
    }
    await settle();
    this.logger.log(report, 'Evidence orphan sweep done');
    return report;
  }

  private kick(): void {
    if (this.asking) return;
    this.asking = this.uow.detached(() =>
      this.jobs
        .runIfDue(JOB, { now: this.clock.now(), everyMs: DAY_MS }, () => this.run())
        .catch((error: unknown) => this.logger.error({ err: error }, 'Evidence orphan sweep failed; the next one tries again'))
        .finally(() => (this.asking = undefined)),
    );
  }
}
