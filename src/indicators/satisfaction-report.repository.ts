import { complaintWhere } from './complaint-filter.js';
import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import type { IndicatorFilter } from './indicators.repository.js';

export type ScoreQuestion = 'process' | 'outcome' | 'effort';

/** How many answers gave each score. */
export interface ScoreCount {
  score: number;
  count: number;
}

/** Surveys sent by one channel, and how many of them the customer answered at least one question of. */
export interface ChannelResponses {
  channel: string;
  sent: number;
  responded: number;
}

export interface DatesKeptCounts {
  yes: number;
  no: number;
  notSure: number;
}

/** One month's answers to the three scored questions: how many gave each, and the sum of what they gave. */
export interface MonthScoreSums {
  month: string;
  process: { sum: number; count: number };
  outcome: { sum: number; count: number };
  effort: { sum: number; count: number };
}

/** The month (UTC) a complaint was received in, as the other reports' trends group it. */
const MONTH = 'substr(c.received_at, 1, 7)';

const COLUMN: Record<ScoreQuestion, string> = { process: 'r.handling', outcome: 'r.outcome_score', effort: 'r.effort' };

/** At least one question answered: a comment alone tells nothing of the scores but is still a response. */
const ANSWERED = 'r.handling IS NOT NULL OR r.outcome_score IS NOT NULL OR r.effort IS NOT NULL OR r.dates_kept IS NOT NULL OR r.comment IS NOT NULL';

/**
 * What customers answered to the satisfaction survey (ISO 10004), counted by the database over the surveys and their
 * responses joined to the complaints they follow, so that the filters mean what they mean in the other reports: the
 * complaints received in [from, to), of a category, that came by a channel.
 */
@Injectable()
export class SatisfactionReportRepository {
  private readonly statements = new Map<string, Sql>();

  constructor(private readonly db: DatabaseAccess) {}

  /** How many answers gave each score to one question, lowest score first; skipped questions are not answers. */
  async scores(question: ScoreQuestion, filter: IndicatorFilter): Promise<ScoreCount[]> {
    const column = COLUMN[question];
    const { where, params } = complaintWhere(filter, [`${column} IS NOT NULL`]);
    const text = `SELECT ${column} AS score, COUNT(*) AS count
      FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference
      ${where} GROUP BY ${column} ORDER BY ${column}`;
    const rows = await this.query<{ score: string | number; count: string | number }>(text, params);
    return rows.map((row) => ({ score: Number(row.score), count: Number(row.count) }));
  }

  /** Per channel the survey went by: surveys sent, and those with at least one answer. */
  async responses(filter: IndicatorFilter): Promise<ChannelResponses[]> {
    const { where, params } = complaintWhere(filter, ['s.sent_at IS NOT NULL']);
    const text = `SELECT s.channel AS channel, COUNT(*) AS sent,
        SUM(CASE WHEN EXISTS (SELECT 1 FROM satisfaction_responses r WHERE r.survey_id = s.id AND (${ANSWERED})) THEN 1 ELSE 0 END) AS responded
      FROM satisfaction_surveys s JOIN complaint_facts c ON c.reference = s.reference
      ${where} GROUP BY s.channel ORDER BY s.channel`;
    const rows = await this.query<{ channel: string; sent: string | number; responded: string | number }>(text, params);
    return rows.map((row) => ({ channel: row.channel, sent: Number(row.sent), responded: Number(row.responded) }));
  }

  /** The answers to "did we keep the dates we promised?". */
  async datesKept(filter: IndicatorFilter): Promise<DatesKeptCounts> {
    const { where, params } = complaintWhere(filter, ['r.dates_kept IS NOT NULL']);
    const count = (value: string) => `SUM(CASE WHEN r.dates_kept = '${value}' THEN 1 ELSE 0 END)`;
    const text = `SELECT ${count('yes')} AS "yes", ${count('no')} AS "no", ${count('not_sure')} AS "notSure"
      FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference ${where}`;
    const [row] = await this.query<Record<keyof DatesKeptCounts, string | number | null>>(text, params);
    return { yes: Number(row?.yes ?? 0), no: Number(row?.no ?? 0), notSure: Number(row?.notSure ?? 0) };
  }

  /** Per month the complaints were received in: each score question's answers, counted and summed. */
  async monthlyScores(filter: IndicatorFilter): Promise<MonthScoreSums[]> {
    const { where, params } = complaintWhere(filter);
    const sums = Object.entries(COLUMN).map(([question, column]) => `SUM(${column}) AS "${question}Sum", COUNT(${column}) AS "${question}Count"`);
    const text = `SELECT ${MONTH} AS month, ${sums.join(', ')}
      FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference
      ${where} GROUP BY ${MONTH} ORDER BY ${MONTH}`;
    const rows = await this.query<Record<string, string | number | null>>(text, params);
    const pair = (row: Record<string, string | number | null>, question: ScoreQuestion) => ({ sum: Number(row[`${question}Sum`] ?? 0), count: Number(row[`${question}Count`] ?? 0) });
    return rows.map((row) => ({ month: String(row.month), process: pair(row, 'process'), outcome: pair(row, 'outcome'), effort: pair(row, 'effort') }));
  }

  /** Per month the complaints were received in: surveys sent (by any channel), and those with at least one answer. */
  async monthlyResponses(filter: IndicatorFilter): Promise<{ month: string; sent: number; responded: number }[]> {
    const { where, params } = complaintWhere(filter, ['s.sent_at IS NOT NULL']);
    const text = `SELECT ${MONTH} AS month, COUNT(*) AS sent,
        SUM(CASE WHEN EXISTS (SELECT 1 FROM satisfaction_responses r WHERE r.survey_id = s.id AND (${ANSWERED})) THEN 1 ELSE 0 END) AS responded
      FROM satisfaction_surveys s JOIN complaint_facts c ON c.reference = s.reference
      ${where} GROUP BY ${MONTH} ORDER BY ${MONTH}`;
    const rows = await this.query<{ month: string; sent: string | number; responded: string | number }>(text, params);
    return rows.map((row) => ({ month: String(row.month), sent: Number(row.sent), responded: Number(row.responded) }));
  }

  /** Per month the complaints were received in: the answers to "did we keep the dates we promised?". */
  async monthlyDatesKept(filter: IndicatorFilter): Promise<(DatesKeptCounts & { month: string })[]> {
    const { where, params } = complaintWhere(filter, ['r.dates_kept IS NOT NULL']);
    const count = (value: string) => `SUM(CASE WHEN r.dates_kept = '${value}' THEN 1 ELSE 0 END)`;
    const text = `SELECT ${MONTH} AS month, ${count('yes')} AS "yes", ${count('no')} AS "no", ${count('not_sure')} AS "notSure"
      FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference
      ${where} GROUP BY ${MONTH} ORDER BY ${MONTH}`;
    const rows = await this.query<Record<keyof DatesKeptCounts | 'month', string | number | null>>(text, params);
    return rows.map((row) => ({ month: String(row.month), yes: Number(row.yes ?? 0), no: Number(row.no ?? 0), notSure: Number(row.notSure ?? 0) }));
  }

  private async query<T>(text: string, params: unknown[]): Promise<T[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = new Sql(text);
      this.statements.set(text, statement);
    }
    return (await this.db.sql<T>(statement, params)).rows;
  }
}
