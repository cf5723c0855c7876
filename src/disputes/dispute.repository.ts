import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { SurveyDisputeSumsRepository } from '../indicators/survey-dispute-sums.repository.js';
import { DisputeRecord } from './dispute.entity.js';
import type { Dispute } from './domain/dispute.js';

/** A dispute as stored, with the version a later write must still find. */
export interface StoredDispute {
  dispute: Dispute;
  version: number;
}

/** The ISO 10003 figures: how many offers, answers, referrals and outcomes, and how long remedies took. */
export interface DisputeFigures {
  offered: number;
  consented: number;
  declined: number;
  referred: number;
  outcomes: Record<string, number>;
  remediesImplemented: number;
  remediesOnTime: number;
  /** Mean days from the outcome to the remedy being carried out; null before any was. */
  meanDaysToImplement: number | null;
}

/** Reads and writes of disputes; callers never see how. */
@Injectable()
export class DisputeRepository {
  /** The dispute report's monthly sums, marked stale by the writes that change what they count. */
  private readonly sums: SurveyDisputeSumsRepository;

  constructor(private readonly db: DatabaseAccess) {
    this.sums = new SurveyDisputeSumsRepository(db);
  }

  async find(reference: string, options = { forUpdate: false }): Promise<StoredDispute | undefined> {
    const lock = options.forUpdate && this.db.dialect === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
    const record = await this.db.run((manager) => manager.findOne(DisputeRecord, { where: { reference }, lock }));
    return record ? { dispute: record.toDomain(), version: record.version } : undefined;
  }

  async insert(dispute: Dispute): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.insert(DisputeRecord, DisputeRecord.fromDomain(dispute, 1));
      await this.sums.markCases('disputes', [dispute.reference]);
    });
  }

  /** False when someone changed the dispute since it was read at `version`. */
  async update(dispute: Dispute, version: number): Promise<boolean> {
    const { reference, version: _version, ...columns } = DisputeRecord.fromDomain(dispute, version + 1);
    return this.db.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(DisputeRecord)
        .set(columns)
        .where('reference = :reference AND version = :version', { reference, version })
        .execute();
      const changed = (result.affected ?? 0) > 0;
      if (changed) await this.sums.markCases('disputes', [reference]);
      return changed;
    });
  }

  /**
   * The complaints with a dispute that belong to a customer: made in their conversation, or naming their
   * address as the contact (the rule the customer desk follows), those still going first, most recently changed first.
   */
  async openFor(owner: { originKey: string; contactKind: string; contactValue: string }): Promise<string[]> {
    const { rows } = await this.db.sql<{ reference: string }>(DisputeRepository.openForOwner, [owner.originKey, owner.contactKind, owner.contactValue]);
    return rows.map((row) => row.reference);
  }

  private static readonly openForOwner = new Sql(
    `SELECT d.reference AS reference FROM disputes d JOIN complaints c ON c.reference = d.reference
     WHERE c.origin_key = ? OR (c.contact_kind = ? AND c.contact_value = ?)
     ORDER BY CASE WHEN d.status = 'closed' THEN 1 ELSE 0 END, d.updated_at DESC LIMIT 5`,
  );

  async findAll(references: readonly string[]): Promise<Dispute[]> {
    if (references.length === 0) return [];
    const records = await this.db.run((manager) => manager.find(DisputeRecord, { where: { reference: In([...references]) }, order: { offeredAt: 'ASC' } }));
    return records.map((record) => record.toDomain());
  }

  /** Erases the remedy's words of these complaints' disputes; answers how many had any. */
  async forgetRemedies(references: readonly string[]): Promise<number> {
    if (references.length === 0) return 0;
    const result = await this.db.run((manager) =>
      manager.createQueryBuilder().update(DisputeRecord).set({ remedy: null }).where('reference IN (:...references) AND remedy IS NOT NULL', { references: [...references] }).execute(),
    );
    return result.affected ?? 0;
  }

  async figures(): Promise<DisputeFigures> {
    const records = await this.db.run((manager) => manager.find(DisputeRecord));
    const implemented = records.filter((r) => r.remedyImplementedAt !== null && r.decidedAt !== null);
    const days = implemented.map((r) => (Date.parse(r.remedyImplementedAt as string) - Date.parse(r.decidedAt as string)) / 86_400_000);
    const outcomes: Record<string, number> = {};
    for (const record of records) if (record.outcome) outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
    return {
      offered: records.length,
      consented: records.filter((r) => r.providerId !== null || r.referredAt !== null || r.status === 'consent_withdrawn').length,
      declined: records.filter((r) => r.status === 'declined' || (r.status === 'closed' && r.referredAt === null)).length,
      referred: records.filter((r) => r.referredAt !== null).length,
      outcomes,
      remediesImplemented: implemented.length,
      remediesOnTime: implemented.filter((r) => Date.parse(r.remedyImplementedAt as string) <= Date.parse(r.remedyDueAt as string)).length,
      meanDaysToImplement: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
    };
  }
}
