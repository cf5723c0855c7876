import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { privateFile } from '../common/private-files.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { ClusterLocks } from '../database/cluster-locks.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AUDIT_KEY } from './audit-key.js';
import { CaseHistory } from './case-history.js';
import { CaseHistoryRepository } from './case-history.repository.js';
import { readCheckpoints, signCheckpoint, type Checkpoint } from './checkpoints.js';
import { verifyChain } from './hash-chain.js';

/** Refuses the start: the one line says what is wrong and what to do. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

/** A checkpoint looks back this far before the last one, so a seal committed just as it was taken is not missed. */
const OVERLAP_MS = 5 * 60_000;

export function checkpointFile(config: Pick<AppConfig, 'AUDIT_CHECKPOINT_FILE' | 'DATA_DIR'>): string {
  return resolve(config.AUDIT_CHECKPOINT_FILE ?? resolve(config.DATA_DIR, 'audit-checkpoints.jsonl'));
}

/**
 * Keeps the case history tamper-evident while Redress runs: it will not start while the append-only triggers are
 * missing; it seals histories written before seals existed (only until the first checkpoint, so that a seal deleted
 * later is reported rather than quietly replaced); and it appends a signed checkpoint at start, at every
 * AUDIT_CHECKPOINT_MINUTES and at shutdown.
 */
@Injectable()
export class AuditIntegrity implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly file: string;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly history: CaseHistory,
    private readonly records: CaseHistoryRepository,
    @Inject(AUDIT_KEY) private readonly key: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly locks: ClusterLocks,
  ) {
    this.file = checkpointFile(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    const missing = await this.records.missingAppendOnlyTriggers();
    if (missing.length > 0) {
      throw new IntegrityError(
        `The case history is not protected: the database trigger ${missing.join(' and ')} is missing or disabled. Restore it (README, "Security and privacy") before starting Redress.`,
      );
    }
    if (this.checkpoints().length === 0) await this.sealUnsealedHistories();
    await this.checkpoint();
    this.timer = setInterval(() => void this.checkpoint().catch((error: unknown) => this.logger.error({ err: error }, 'Could not write an audit checkpoint')), this.config.AUDIT_CHECKPOINT_MINUTES * 60_000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpoint();
  }

  /**
   * Appends a signed checkpoint of the histories sealed since the last one (all of them the first time). One instance
   * at a time: instances that share one AUDIT_CHECKPOINT_FILE never both chain a line to the same last one.
   */
  checkpoint(): Promise<void> {
    return this.locks.exclusive('audit-checkpoint', () => this.appendCheckpoint());
  }

  private async appendCheckpoint(): Promise<void> {
    const previous = this.checkpoints().at(-1);
    const since = previous ? new Date(Date.parse(previous.at) - OVERLAP_MS).toISOString() : '';
    const seals = await this.records.sealedSince(since);
    if (previous && seals.length === 0) return;
    const line = signCheckpoint(this.key, this.clock.now().toISOString(), previous?.mac ?? null, seals.map((s) => [s.reference, s.events, s.headHash]));
    privateFile(this.file);
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  private checkpoints(): Checkpoint[] {
    if (!existsSync(this.file)) return [];
    const read = readCheckpoints(this.key, readFileSync(this.file, 'utf8'));
    if (read.ok) return read.checkpoints;
    // Carry on, so that the history keeps being checkpointed; `npm run audit -- verify` reports the damage.
    this.logger.error(`${this.file} line ${read.line}: ${read.problem.replaceAll('_', ' ')}; the audit checkpoints cannot be trusted`);
    return [];
  }

  private async sealUnsealedHistories(): Promise<void> {
    await this.unitOfWork.transaction(async () => {
      const unsealed = await this.records.unsealed();
      for (const reference of unsealed) {
        const events = await this.history.list(reference);
        const verdict = verifyChain(events);
        if (!verdict.intact) {
          this.logger.warn(`${reference}: its history is broken (${verdict.problem} at event ${verdict.firstBrokenSeq}) and is left unsealed`);
          continue;
        }
        await this.history.seal({ reference, events: verdict.events, headHash: verdict.headHash }, this.clock.now().toISOString());
      }
      if (unsealed.length > 0) this.logger.log(`Sealed ${unsealed.length} case histories written before seals existed`);
    });
  }
}
