import { complaintWhere } from './complaint-filter.js';
import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import type { IndicatorFilter } from './indicators.repository.js';

export interface DisputeCounts {
  offered: number;
  /** Said yes to a referral: chose a provider, were referred, or consented and later took it back. */
  consented: number;
  referred: number;
  /** Decided by the provider or settled: upheld, not upheld or settled (a withdrawn dispute is not decided). */
  decided: number;
  upheld: number;
  /** Remedies carried out after an outcome, and their mean days from the outcome; null when none. */
  remediesImplemented: number;
  meanDaysToImplement: number | null;
}

const DAYS = {
  sqlite: 'julianday(d.remedy_implemented_at) - julianday(d.decided_at)',
  postgres: 'EXTRACT(EPOCH FROM (CAST(d.remedy_implemented_at AS timestamptz) - CAST(d.decided_at AS timestamptz))) / 86400',
};

/** The ISO 10003 figures of the disputes about the complaints a filter selects, counted by the database. */
@Injectable()
export class DisputeReportRepository {
  private readonly statements = new Map<string, Sql>();

  constructor(private readonly db: DatabaseAccess) {}

  async counts(filter: IndicatorFilter): Promise<DisputeCounts> {
    const { where, params } = complaintWhere(filter);
    const when = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    const implemented = 'd.remedy_implemented_at IS NOT NULL AND d.decided_at IS NOT NULL';
    const text = `SELECT COUNT(*) AS offered,
        ${when(`d.provider_id IS NOT NULL OR d.referred_at IS NOT NULL OR d.status = 'consent_withdrawn'`)} AS consented,
        ${when('d.referred_at IS NOT NULL')} AS referred,
        ${when(`d.outcome IN ('upheld', 'not_upheld', 'settled')`)} AS decided,
        ${when(`d.outcome = 'upheld'`)} AS upheld,
        ${when(implemented)} AS implemented,
        AVG(CASE WHEN ${implemented} THEN ${DAYS[this.db.dialect]} END) AS "meanDays"
      FROM disputes d JOIN complaint_facts c ON c.reference = d.reference ${where}`;
    let statement = this.statements.get(text);
    if (!statement) {
      statement = new Sql(text);
      this.statements.set(text, statement);
    }
    const [row] = (await this.db.sql<Record<string, string | number | null>>(statement, params)).rows;
    const n = (value: string | number | null | undefined) => Number(value ?? 0);
    return {
      offered: n(row?.offered),
      consented: n(row?.consented),
      referred: n(row?.referred),
      decided: n(row?.decided),
      upheld: n(row?.upheld),
      remediesImplemented: n(row?.implemented),
      meanDaysToImplement: row?.meanDays === null || row?.meanDays === undefined ? null : Number(row.meanDays),
    };
  }
}
