import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import type { MonthlySums, MonthlySumsSource, MonthSpan } from './monthly-sums.js';
import { StaleMonths, type MonthRefresh } from './stale-months.repository.js';

/** Which monthly sums a mark makes stale: the satisfaction survey's, or the disputes'. */
export type AnswerSums = 'surveys' | 'disputes';

const ALL_SUMS: AnswerSums[] = ['surveys', 'disputes'];

/** Marks every month that has complaints, for both sums (after an upgrade, or a bulk load). */
export const STALE_EVERY_MONTH = ALL_SUMS.map((sums) => `INSERT INTO report_stale_sums (sums, month) SELECT DISTINCT '${sums}', substr(received_at, 1, 7) FROM complaint_facts`);

/** The four questions the report counts answers to, and the column of each in satisfaction_responses. */
export const ANSWER_COLUMN = { process: 'handling', outcome: 'outcome_score', effort: 'effort', datesKept: 'dates_kept' } as const;
/** A question, or `responses`: the responses themselves (answer ''), answered or not, which the trend's months follow. */
export type AnswerQuestion = keyof typeof ANSWER_COLUMN | 'responses';

/** At least one question answered: a comment alone tells nothing of the scores but is still a response. */
export function answered(r: string): string {
  return [...Object.values(ANSWER_COLUMN), 'comment'].map((column) => `${r}.${column} IS NOT NULL`).join(' OR ');
}

/** A dispute the customer said yes to: chose a provider, was referred, or consented and later took it back. */
export const CONSENTED = `d.provider_id IS NOT NULL OR d.referred_at IS NOT NULL OR d.status = 'consent_withdrawn'`;
export const DECIDED = `d.outcome IN ('upheld', 'not_upheld', 'settled')`;
export const IMPLEMENTED = 'd.remedy_implemented_at IS NOT NULL AND d.decided_at IS NOT NULL';
/** Milliseconds from the outcome to the remedy, exact: both instants are whole milliseconds. */
export const IMPLEMENT_MS = {
  sqlite: 'CAST(ROUND((julianday(d.remedy_implemented_at) - julianday(d.decided_at)) * 86400000) AS INTEGER)',
  postgres: 'CAST(ROUND(EXTRACT(EPOCH FROM (CAST(d.remedy_implemented_at AS timestamptz) - CAST(d.decided_at AS timestamptz))) * 1000) AS bigint)',
};

/** The WHERE clause over monthly sums: whole months [from, to), either end open, of a category and a channel. */
export function monthsWhere(filter: { category?: string; channel?: string }, months: { from: string | null; to: string | null }): { where: string; params: unknown[] } {
  const all: string[] = [];
  const params: unknown[] = [];
  const pairs: [string, unknown][] = [
    ['month >= ?', months.from],
    ['month < ?', months.to],
    ['category = ?', filter.category],
    ['channel = ?', filter.channel],
  ];
  for (const [condition, value] of pairs) {
    if (!value) continue;
    all.push(condition);
    params.push(value);
  }
  return { where: all.length > 0 ? `WHERE ${all.join(' AND ')}` : '', params };
}

const when = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** The rows a survey's figures are counted from, per complaint of the month: surveys sent, and those answered. */
export function surveySelect(where: string): string {
  return `FROM complaint_facts c JOIN satisfaction_surveys s ON s.reference = c.reference LEFT JOIN satisfaction_responses r ON r.survey_id = s.id
    ${where}`;
}
export const SENT_AND_RESPONDED = `COUNT(*) AS sent, ${when(`r.survey_id IS NOT NULL AND (${answered('r')})`)} AS responded`;

/** The dispute counts of the complaints a clause selects, as SQL for one dialect. */
export function disputeColumns(dialect: 'sqlite' | 'postgres'): string {
  return `COUNT(*) AS offered, ${when(CONSENTED)} AS consented, ${when('d.referred_at IS NOT NULL')} AS referred, ${when(DECIDED)} AS decided,
    ${when(`d.outcome = 'upheld'`)} AS upheld, ${when(IMPLEMENTED)} AS implemented,
    COALESCE(SUM(CASE WHEN ${IMPLEMENTED} THEN ${IMPLEMENT_MS[dialect]} END), 0) AS "implementMs"`;
}

const MARK_CASE = new Sql('INSERT INTO report_stale_sums (sums, month) SELECT CAST(? AS varchar(16)), substr(received_at, 1, 7) FROM complaint_facts WHERE reference = ?');
const MARK_RESPONSE = new Sql(
  `INSERT INTO report_stale_sums (sums, month) SELECT 'surveys', substr(c.received_at, 1, 7)
   FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference WHERE r.survey_id = ?`,
);
const MARK_MONTH = new Sql('INSERT INTO report_stale_sums (sums, month) VALUES (?, ?)');
const STALE_MONTHS = new Sql('SELECT DISTINCT month FROM report_stale_sums WHERE sums = ? ORDER BY month DESC');
const STALE = new StaleMonths('report_stale_sums', new Sql('SELECT 1', 'SELECT pg_advisory_xact_lock(7670001)'), ['sums = ?']);

const RANGE = 'WHERE c.received_at >= ? AND c.received_at < ?';

/** Per sums: delete a month's (given the month), then insert them again (given the month and its range). */
const REFRESHES: Record<AnswerSums, MonthRefresh[]> = {
  surveys: [
    { statement: new Sql('DELETE FROM report_survey_months WHERE month = ?'), range: false },
    { statement: new Sql('DELETE FROM report_answer_months WHERE month = ?'), range: false },
    {
      statement: new Sql(
        `INSERT INTO report_survey_months (month, category, channel, survey_channel, sent, responded)
         SELECT ?, c.category, c.channel, s.channel, ${SENT_AND_RESPONDED} ${surveySelect(`${RANGE} AND s.sent_at IS NOT NULL`)} GROUP BY c.category, c.channel, s.channel`,
      ),
      range: true,
    },
    ...Object.entries(ANSWER_COLUMN).map(([question, column]) => ({
      statement: new Sql(
        `INSERT INTO report_answer_months (month, category, channel, question, answer, count)
         SELECT ?, c.category, c.channel, '${question}', CAST(r.${column} AS varchar(8)), COUNT(*)
         FROM complaint_facts c JOIN satisfaction_responses r ON r.reference = c.reference
         ${RANGE} AND r.${column} IS NOT NULL GROUP BY c.category, c.channel, r.${column}`,
      ),
      range: true,
    })),
    {
      statement: new Sql(
        `INSERT INTO report_answer_months (month, category, channel, question, answer, count)
         SELECT ?, c.category, c.channel, 'responses', '', COUNT(*)
         FROM complaint_facts c JOIN satisfaction_responses r ON r.reference = c.reference ${RANGE} GROUP BY c.category, c.channel`,
      ),
      range: true,
    },
  ],
  disputes: [
    { statement: new Sql('DELETE FROM report_dispute_months WHERE month = ?'), range: false },
    {
      statement: new Sql(
        ...(['sqlite', 'postgres'] as const).map((dialect) => {
          const text = `INSERT INTO report_dispute_months (month, category, channel, offered, consented, referred, decided, upheld, implemented, implement_ms)
            SELECT ?, category, channel, offered, consented, referred, decided, upheld, implemented, "implementMs" FROM (
              SELECT c.category AS category, c.channel AS channel, ${disputeColumns(dialect)}
              FROM complaint_facts c JOIN disputes d ON d.reference = c.reference ${RANGE} GROUP BY c.category, c.channel
            ) t`;
          // a PostgreSQL text of its own is taken as written
          let n = 0;
          return dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
        }) as [string, string],
      ),
      range: true,
    },
  ],
};

/**
 * The monthly sums of the satisfaction surveys and of the disputes, by the month their complaint was received in, its
 * category and channel. A survey or dispute write marks its complaint's month stale in its own transaction, as does a
 * change to a complaint's month, category or channel; a report recomputes the stale months it reads before reading
 * them, so a sum is never out of date when read.
 */
@Injectable()
export class SurveyDisputeSumsRepository implements MonthlySumsSource {
  constructor(private readonly db: DatabaseAccess) {}

  /** The surveys' and the disputes' sums, for MonthlySumsUpkeep. */
  monthlySums(): MonthlySums[] {
    return ALL_SUMS.map((sums) => ({
      kind: sums,
      staleMonths: async () => (await this.db.sql<{ month: string }>(STALE_MONTHS, [sums])).rows.map((row) => row.month),
      refresh: (within) => this.refresh(sums, within),
    }));
  }

  /** Marks the months of these complaints stale for `sums`, in the caller's transaction. */
  async markCases(sums: AnswerSums, references: readonly string[]): Promise<void> {
    for (const reference of new Set(references)) await this.db.sql(MARK_CASE, [sums, reference]);
  }

  /** Marks the month of the complaint a survey response belongs to. */
  async markResponse(surveyId: string): Promise<void> {
    await this.db.sql(MARK_RESPONSE, [surveyId]);
  }

  /** Marks months stale for both sums: a complaint came in, or moved to another month, category or channel. */
  async markMonths(months: readonly string[]): Promise<void> {
    for (const month of new Set(months)) for (const sums of ALL_SUMS) await this.db.sql(MARK_MONTH, [sums, month]);
  }

  /** Recomputes `sums` for the months within `within` marked stale: see StaleMonths. */
  async refresh(sums: AnswerSums, within: MonthSpan): Promise<void> {
    await STALE.refresh(this.db, within, REFRESHES[sums], [sums]);
  }
}
