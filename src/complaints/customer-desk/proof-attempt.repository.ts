import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
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
}
