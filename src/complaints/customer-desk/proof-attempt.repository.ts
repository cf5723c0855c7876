import { Injectable } from '@nestjs/common';
import { LessThan, MoreThan } from 'typeorm';
import { deleteIn, findIn } from '../../database/batched-rows.js';
import { DatabaseAccess } from '../../database/database-access.js';
import { ProofAttemptRecord } from './proof-attempt.entity.js';

/** Answers to "prove it is your complaint", kept so that guessing can be throttled across restarts. */
@Injectable()
export class ProofAttemptRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /**
   * Runs `work` (counting the answers on `reference`, checking one, recording it) while no other instance does so for
   * the same reference, so that answers given at once on several instances cannot each find the limit not yet reached.
   * On PostgreSQL it is a transaction holding an advisory lock on the reference until it ends (that of the caller's
   * turn, when it runs in one, so that the answer it records is seen by the next); SQLite serves one instance, whose
   * turns of one conversation already run one at a time, and `work` runs as it is.
   */
  oneAtATimeOn<T>(reference: string, work: () => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'postgres') return work();
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`proof:${reference}`]);
      return work();
    });
  }

  async insert(attempt: Omit<ProofAttemptRecord, 'id'>): Promise<void> {
    await this.db.run((manager) => manager.insert(ProofAttemptRecord, attempt));
  }

  /** Attempts made after `since`: by one asker, and on one reference. */
  recent(since: { requesterKey: string; byRequesterAfter: string; reference: string; onReferenceAfter: string }): Promise<[ProofAttemptRecord[], ProofAttemptRecord[]]> {
    return this.db.run((manager) =>
      Promise.all([
        manager.find(ProofAttemptRecord, { where: { requesterKey: since.requesterKey, at: MoreThan(since.byRequesterAfter) } }),
        manager.find(ProofAttemptRecord, { where: { reference: since.reference, at: MoreThan(since.onReferenceAfter) } }),
      ]),
    );
  }

  /* Privacy: a conversation's records, for its export and erasure, and those retention lets go. */

  ofRequesters(requesterKeys: readonly string[]): Promise<ProofAttemptRecord[]> {
    return findIn(this.db, ProofAttemptRecord, 'requesterKey', requesterKeys);
  }

  deleteOfRequesters(requesterKeys: readonly string[]): Promise<number> {
    return deleteIn(this.db, ProofAttemptRecord, 'requesterKey', requesterKeys);
  }

  /** The records made before an instant, with the conversation that made each. */
  madeBefore(before: string): Promise<Pick<ProofAttemptRecord, 'id' | 'requesterKey'>[]> {
    return this.db.run((manager) => manager.find(ProofAttemptRecord, { select: { id: true, requesterKey: true }, where: { at: LessThan(before) } }));
  }

  deleteByIds(ids: readonly number[]): Promise<number> {
    return deleteIn(this.db, ProofAttemptRecord, 'id', ids);
  }
}
