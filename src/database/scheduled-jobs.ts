import { Injectable } from '@nestjs/common';
import { ClusterLocks } from './cluster-locks.js';
import { ScheduledRunRepository } from './scheduled-runs/scheduled-run.repository.js';

/**
 * Periodic work that must run once across instances, whichever of them asks: each instance asks often (so that when
 * one dies the other still does the work), and the job runs only when no run of it has completed for a whole period
 * and no other instance is running it now. A run cut short (the instance died, the job threw) is not recorded, so the
 * next ask, on any instance, runs it again; an instance that dies mid-run lets go of its lock with its connection.
 */
@Injectable()
export class ScheduledJobs {
  constructor(
    private readonly locks: ClusterLocks,
    private readonly runs: ScheduledRunRepository,
  ) {}

  /** Runs `work` if it is due at `now`; true when it ran here. */
  async runIfDue(job: string, when: { now: Date; everyMs: number }, work: () => Promise<unknown>): Promise<boolean> {
    const run = await this.locks.ifFree(`scheduled:${job}`, async () => {
      const last = await this.runs.lastStarted(job);
      if (last !== undefined && when.now.getTime() - Date.parse(last) < when.everyMs) return false;
      await work();
      await this.runs.recordRun(job, when.now.toISOString());
      return true;
    });
    return run.ran && run.value;
  }
}
