import { Injectable } from '@nestjs/common';
import { LessThan, MoreThan } from 'typeorm';
import { deleteIn, findIn } from '../../database/batched-rows.js';
import { DatabaseAccess } from '../../database/database-access.js';
import { ProofAttemptRecord } from './proof-attempt.entity.js';

/** Answers to "prove it is your complaint", kept so that guessing can be throttled across restarts. */
@Injectable()
export class ProofAttemptRepository {
  constructor(private readonly db: DatabaseAccess) {}

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
