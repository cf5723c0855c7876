import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { complaintWhere } from './complaint-filter.js';
import type { IndicatorFilter } from './indicators.repository.js';
import { splitPeriod } from './report-period.js';
import { disputeColumns, monthsWhere, SurveyDisputeSumsRepository } from './survey-dispute-sums.repository.js';

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

const DAY_MS = 86_400_000;
const KEYS = ['offered', 'consented', 'referred', 'decided', 'upheld', 'implemented', 'implementMs'] as const;
const SUMS = `SUM(offered) AS offered, SUM(consented) AS consented, SUM(referred) AS referred, SUM(decided) AS decided, SUM(upheld) AS upheld,
  SUM(implemented) AS implemented, SUM(implement_ms) AS "implementMs"`;

/**
 * The ISO 10003 figures of the disputes about the complaints a filter selects. Whole months are read from their
 * monthly sums (recomputed for the months a dispute write marked stale), the parts of months at a period's edges
 * from the disputes joined to their complaints.
 */
@Injectable()
export class DisputeReportRepository {
  private readonly statements = new Map<string, Sql>();

  constructor(
    private readonly db: DatabaseAccess,
    private readonly sums: SurveyDisputeSumsRepository = new SurveyDisputeSumsRepository(db),
  ) {}

  async counts(filter: IndicatorFilter): Promise<DisputeCounts> {
    const split = splitPeriod(filter.from, filter.to);
    const total = Object.fromEntries(KEYS.map((key) => [key, 0])) as Record<(typeof KEYS)[number], number>;
    const add = (row: Record<string, string | number | null> | undefined) => {
      for (const key of KEYS) total[key] += Number(row?.[key] ?? 0);
    };
    if (split.months) {
      await this.sums.refresh('disputes', split.months);
      const { where, params } = monthsWhere(filter, split.months);
      add((await this.query(`SELECT ${SUMS} FROM report_dispute_months ${where}`, params))[0]);
    }
    for (const edge of split.edges) {
      const { where, params } = complaintWhere({ ...filter, from: edge.from, to: edge.to });
      add((await this.query(`SELECT ${disputeColumns(this.db.dialect)} FROM disputes d JOIN complaint_facts c ON c.reference = d.reference ${where}`, params))[0]);
    }
    return {
      offered: total.offered,
      consented: total.consented,
      referred: total.referred,
      decided: total.decided,
      upheld: total.upheld,
      remediesImplemented: total.implemented,
      meanDaysToImplement: total.implemented === 0 ? null : total.implementMs / total.implemented / DAY_MS,
    };
  }

  private async query(text: string, params: unknown[]): Promise<Record<string, string | number | null>[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = new Sql(text);
      this.statements.set(text, statement);
    }
    return (await this.db.sql<Record<string, string | number | null>>(statement, params)).rows;
  }
}
