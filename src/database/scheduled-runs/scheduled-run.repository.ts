import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database-access.js';
import { ScheduledRunRecord } from './scheduled-run.entity.js';

/** The last completed run of each job that runs once across instances. */
@Injectable()
export class ScheduledRunRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async lastStarted(job: string): Promise<string | undefined> {
    const found = await this.db.run((manager) => manager.findOne(ScheduledRunRecord, { where: { job } }));
    return found?.lastStartedAt;
  }

  async recordRun(job: string, startedAt: string): Promise<void> {
    await this.db.run((manager) => manager.upsert(ScheduledRunRecord, { job, lastStartedAt: startedAt }, ['job']));
  }
}
