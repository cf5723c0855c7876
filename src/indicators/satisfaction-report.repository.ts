import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { complaintWhere } from './complaint-filter.js';
import type { IndicatorFilter } from './indicators.repository.js';
import { splitPeriod } from './report-period.js';
import { ANSWER_COLUMN, monthsWhere, SENT_AND_RESPONDED, surveySelect, SurveyDisputeSumsRepository, type AnswerQuestion } from './survey-dispute-sums.repository.js';

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

/** What the satisfaction figures are made of, by the month (UTC) the complaints were received in. */
export interface SatisfactionCounts {
  /** Surveys sent, by the channel they went by, and those with at least one answer. */
  surveys: { month: string; channel: string; sent: number; responded: number }[];
  /** How many answers gave each answer (a score, or yes, no, not_sure) to each question. */
  answers: { month: string; question: AnswerQuestion; answer: string; count: number }[];
}

const DATES_KEPT: Record<string, keyof DatesKeptCounts> = { yes: 'yes', no: 'no', not_sure: 'notSure' };

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What customers answered to the satisfaction survey (ISO 10004), counted over the complaints the filters select, as
 * the other reports select them: received in [from, to), of a category, that came by a channel. Whole months are
 * read from their monthly sums (recomputed for the months a survey write marked stale), the parts of months at a
 * period's edges from the surveys and answers joined to their complaints.
 */
@Injectable()
export class SatisfactionReportRepository {
  private readonly statements = new Map<string, Sql>();

  constructor(
    private readonly db: DatabaseAccess,
    private readonly sums: SurveyDisputeSumsRepository = new SurveyDisputeSumsRepository(db),
  ) {}

  /** Every count the report needs, by month received. */
  async counts(filter: IndicatorFilter): Promise<SatisfactionCounts> {
    const split = splitPeriod(filter.from, filter.to);
    const surveys: SatisfactionCounts['surveys'] = [];
    const answers: SatisfactionCounts['answers'] = [];
    const addSurveys = (rows: Record<string, string | number | null>[]) => {
      for (const row of rows) surveys.push({ month: String(row.month), channel: String(row.channel), sent: Number(row.sent ?? 0), responded: Number(row.responded ?? 0) });
    };
    const addAnswers = (question: AnswerQuestion, rows: Record<string, string | number | null>[]) => {
      for (const row of rows) answers.push({ month: String(row.month), question, answer: String(row.answer), count: Number(row.count ?? 0) });
    };
    if (split.months) {
      await this.sums.refresh('surveys', split.months);
      const { where, params } = monthsWhere(filter, split.months);
      addSurveys(await this.query(`SELECT month, survey_channel AS channel, SUM(sent) AS sent, SUM(responded) AS responded
        FROM report_survey_months ${where} GROUP BY month, survey_channel`, params));
      const rows = await this.query<Record<string, string | number | null>>(
        `SELECT month, question, answer, SUM(count) AS count FROM report_answer_months ${where} GROUP BY month, question, answer`,
        params,
      );
      for (const row of rows) addAnswers(row.question as AnswerQuestion, [row]);
    }
    for (const edge of split.edges) {
      const range = { ...filter, from: edge.from, to: edge.to };
      const sent = complaintWhere(range, ['s.sent_at IS NOT NULL']);
      addSurveys(await this.query(`SELECT substr(c.received_at, 1, 7) AS month, s.channel AS channel, ${SENT_AND_RESPONDED}
        ${surveySelect(sent.where)} GROUP BY substr(c.received_at, 1, 7), s.channel`, sent.params));
      for (const [question, column] of Object.entries(ANSWER_COLUMN) as [AnswerQuestion, string][]) {
        const { where, params } = complaintWhere(range, [`r.${column} IS NOT NULL`]);
        addAnswers(question, await this.query(`SELECT substr(c.received_at, 1, 7) AS month, r.${column} AS answer, COUNT(*) AS count
          FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference ${where} GROUP BY substr(c.received_at, 1, 7), r.${column}`, params));
      }
      const { where, params } = complaintWhere(range);
      addAnswers('responses', await this.query(`SELECT substr(c.received_at, 1, 7) AS month, '' AS answer, COUNT(*) AS count
        FROM satisfaction_responses r JOIN complaint_facts c ON c.reference = r.reference ${where} GROUP BY substr(c.received_at, 1, 7)`, params));
    }
    return { surveys, answers };
  }

  /** How many answers gave each score to one question, lowest score first; skipped questions are not answers. */
  async scores(question: ScoreQuestion, filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<ScoreCount[]> {
    const tally = new Map<number, number>();
    for (const row of (counts ?? (await this.counts(filter))).answers) {
      if (row.question === question) tally.set(Number(row.answer), (tally.get(Number(row.answer)) ?? 0) + row.count);
    }
    return [...tally.entries()].sort(([a], [b]) => a - b).map(([score, count]) => ({ score, count }));
  }

  /** Per channel the survey went by: surveys sent, and those with at least one answer. */
  async responses(filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<ChannelResponses[]> {
    const tally = new Map<string, ChannelResponses>();
    for (const row of (counts ?? (await this.counts(filter))).surveys) {
      const sum = tally.get(row.channel) ?? { channel: row.channel, sent: 0, responded: 0 };
      sum.sent += row.sent;
      sum.responded += row.responded;
      tally.set(row.channel, sum);
    }
    return [...tally.values()].sort((a, b) => byCodePoint(a.channel, b.channel));
  }

  /** The answers to "did we keep the dates we promised?". */
  async datesKept(filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<DatesKeptCounts> {
    const sum = { yes: 0, no: 0, notSure: 0 };
    for (const row of (counts ?? (await this.counts(filter))).answers) {
      if (row.question === 'datesKept' && DATES_KEPT[row.answer]) sum[DATES_KEPT[row.answer]] += row.count;
    }
    return sum;
  }

  /** Per month the complaints were received in: each score question's answers, counted and summed. */
  async monthlyScores(filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<MonthScoreSums[]> {
    const months = new Map<string, MonthScoreSums>();
    for (const row of (counts ?? (await this.counts(filter))).answers) {
      if (row.question === 'datesKept') continue;
      // every month with a response has its row, with no scores when none was given
      const month = months.get(row.month) ?? { month: row.month, process: { sum: 0, count: 0 }, outcome: { sum: 0, count: 0 }, effort: { sum: 0, count: 0 } };
      months.set(row.month, month);
      if (row.question === 'responses') continue;
      month[row.question].sum += Number(row.answer) * row.count;
      month[row.question].count += row.count;
    }
    return [...months.values()].sort((a, b) => byCodePoint(a.month, b.month));
  }

  /** Per month the complaints were received in: surveys sent (by any channel), and those with at least one answer. */
  async monthlyResponses(filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<{ month: string; sent: number; responded: number }[]> {
    const months = new Map<string, { month: string; sent: number; responded: number }>();
    for (const row of (counts ?? (await this.counts(filter))).surveys) {
      const month = months.get(row.month) ?? { month: row.month, sent: 0, responded: 0 };
      month.sent += row.sent;
      month.responded += row.responded;
      months.set(row.month, month);
    }
    return [...months.values()].sort((a, b) => byCodePoint(a.month, b.month));
  }

  /** Per month the complaints were received in: the answers to "did we keep the dates we promised?". */
  async monthlyDatesKept(filter: IndicatorFilter, counts?: SatisfactionCounts): Promise<(DatesKeptCounts & { month: string })[]> {
    const months = new Map<string, DatesKeptCounts & { month: string }>();
    for (const row of (counts ?? (await this.counts(filter))).answers) {
      if (row.question !== 'datesKept' || !DATES_KEPT[row.answer]) continue;
      const month = months.get(row.month) ?? { month: row.month, yes: 0, no: 0, notSure: 0 };
      month[DATES_KEPT[row.answer]] += row.count;
      months.set(row.month, month);
    }
    return [...months.values()].sort((a, b) => byCodePoint(a.month, b.month));
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
