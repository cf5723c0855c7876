import type { DataSource } from 'typeorm';
import type { DisputeReport } from '../../src/indicators/dispute-report.service.js';
import type { IndicatorFilter } from '../../src/indicators/indicators.repository.js';
import { rate } from '../../src/indicators/rate.js';
import { datesGap, responseFigures, satisfactionTrend, scoreFigures } from '../../src/indicators/satisfaction-figures.js';
import type { SatisfactionReport } from '../../src/indicators/satisfaction-report.service.js';
import { bruteOutcomes, type RawCase } from './report-brute-force.js';

/*
 * The satisfaction and dispute figures by their definitions, counted survey by survey and dispute by dispute in memory
 * from the tables the app writes them to: what the reports' monthly sums must agree with.
 */

interface RawSurvey {
  id: string;
  reference: string;
  channel: string;
  sent: boolean;
}

interface RawResponse {
  surveyId: string;
  reference: string;
  handling: number | null;
  outcomeScore: number | null;
  effort: number | null;
  datesKept: string | null;
  comment: string | null;
}

interface RawDispute {
  reference: string;
  status: string;
  providerId: string | null;
  referredAt: string | null;
  outcome: string | null;
  decidedAt: string | null;
  remedyImplementedAt: string | null;
}

export interface RawAnswers {
  surveys: RawSurvey[];
  responses: RawResponse[];
  disputes: RawDispute[];
}

const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export async function rawAnswers(dataSource: DataSource): Promise<RawAnswers> {
  const surveys = (await dataSource.query('SELECT id, reference, channel, sent_at FROM satisfaction_surveys ORDER BY id')) as Record<string, string | null>[];
  const responses = (await dataSource.query(
    'SELECT survey_id, reference, handling, outcome_score, effort, dates_kept, comment FROM satisfaction_responses ORDER BY survey_id',
  )) as Record<string, string | number | null>[];
  const disputes = (await dataSource.query(
    'SELECT reference, status, provider_id, referred_at, outcome, decided_at, remedy_implemented_at FROM disputes ORDER BY reference',
  )) as Record<string, string | null>[];
  return {
    surveys: surveys.map((row) => ({ id: row.id as string, reference: row.reference as string, channel: row.channel as string, sent: row.sent_at !== null })),
    responses: responses.map((row) => ({
      surveyId: String(row.survey_id),
      reference: String(row.reference),
      handling: n(row.handling),
      outcomeScore: n(row.outcome_score),
      effort: n(row.effort),
      datesKept: row.dates_kept === null ? null : String(row.dates_kept),
      comment: row.comment === null ? null : String(row.comment),
    })),
    disputes: disputes.map((row) => ({
      reference: row.reference as string,
      status: row.status as string,
      providerId: row.provider_id,
      referredAt: row.referred_at,
      outcome: row.outcome,
      decidedAt: row.decided_at,
      remedyImplementedAt: row.remedy_implemented_at,
    })),
  };
}

function selectedCases(cases: RawCase[], filter: IndicatorFilter): Map<string, RawCase> {
  const chosen = cases.filter(
    (c) =>
      (!filter.from || c.receivedAt >= filter.from) &&
      (!filter.to || c.receivedAt < filter.to) &&
      (!filter.category || c.category === filter.category) &&
      (!filter.channel || c.channel === filter.channel),
  );
  return new Map(chosen.map((c) => [c.reference, c]));
}

type Question = 'process' | 'outcome' | 'effort';
const SCORE: Record<Question, (r: RawResponse) => number | null> = { process: (r) => r.handling, outcome: (r) => r.outcomeScore, effort: (r) => r.effort };
const SCALE: Record<Question, number> = { process: 5, outcome: 5, effort: 7 };

/** The satisfaction report as its definitions say, from the rows (`asOf` and the filter as the report gives them). */
export function bruteSatisfaction(cases: RawCase[], raw: RawAnswers, filter: IndicatorFilter, asOf: string, minimum: number): SatisfactionReport {
  const chosen = selectedCases(cases, filter);
  const monthOf = (reference: string) => (chosen.get(reference) as RawCase).receivedAt.slice(0, 7);
  const responses = raw.responses.filter((r) => chosen.has(r.reference));
  const sent = raw.surveys.filter((s) => s.sent && chosen.has(s.reference));
  const answered = (s: RawSurvey) => {
    const r = raw.responses.find((response) => response.surveyId === s.id);
    return r !== undefined && [r.handling, r.outcomeScore, r.effort, r.datesKept, r.comment].some((value) => value !== null);
  };
  const scores = {} as SatisfactionReport['scores'];
  for (const question of ['process', 'outcome', 'effort'] as const) {
    const counts = new Map<number, number>();
    for (const r of responses) {
      const score = SCORE[question](r);
      if (score !== null) counts.set(score, (counts.get(score) ?? 0) + 1);
    }
    scores[question] = scoreFigures([...counts].map(([score, count]) => ({ score, count })), SCALE[question], minimum);
  }
  const channels = [...new Set(sent.map((s) => s.channel))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const perChannel = channels.map((channel) => {
    const of = sent.filter((s) => s.channel === channel);
    return { channel, sent: of.length, responded: of.filter(answered).length };
  });
  const dates = (rows: RawResponse[]) => ({
    yes: rows.filter((r) => r.datesKept === 'yes').length,
    no: rows.filter((r) => r.datesKept === 'no').length,
    notSure: rows.filter((r) => r.datesKept === 'not_sure').length,
  });
  const byMonth = bruteOutcomes(cases, filter, asOf, 'month').map(({ period, met, missed }) => ({ month: period as string, met, missed }));
  const deadlines = byMonth.reduce((sum, row) => ({ met: sum.met + row.met, missed: sum.missed + row.missed }), { met: 0, missed: 0 });
  const months = (rows: { reference: string }[]) => [...new Set(rows.map((row) => monthOf(row.reference)))];
  const sumOf = (rows: RawResponse[], question: Question) => {
    const given = rows.map(SCORE[question]).filter((score) => score !== null);
    return { sum: given.reduce((a, b) => a + b, 0), count: given.length };
  };
  return {
    asOf,
    minimum,
    filter,
    scores,
    responseRates: responseFigures(perChannel, minimum),
    responseRate: rate(sent.filter(answered).length, sent.length, minimum),
    datesKept: datesGap(deadlines, dates(responses), minimum),
    trend: satisfactionTrend(
      {
        scores: months(responses).map((month) => {
          const rows = responses.filter((r) => monthOf(r.reference) === month);
          return { month, process: sumOf(rows, 'process'), outcome: sumOf(rows, 'outcome'), effort: sumOf(rows, 'effort') };
        }),
        responses: months(sent).map((month) => {
          const rows = sent.filter((s) => monthOf(s.reference) === month);
          return { month, sent: rows.length, responded: rows.filter(answered).length };
        }),
        datesKept: months(responses.filter((r) => r.datesKept !== null)).map((month) => ({ month, ...dates(responses.filter((r) => monthOf(r.reference) === month)) })),
        deadlines: byMonth,
      },
      minimum,
    ),
  };
}

/** The dispute report as its definitions say, from the rows. */
export function bruteDisputes(cases: RawCase[], raw: RawAnswers, filter: IndicatorFilter, asOf: string, minimum: number): DisputeReport {
  const chosen = selectedCases(cases, filter);
  const disputes = raw.disputes.filter((d) => chosen.has(d.reference));
  const consented = disputes.filter((d) => d.providerId !== null || d.referredAt !== null || d.status === 'consent_withdrawn').length;
  const referred = disputes.filter((d) => d.referredAt !== null).length;
  const decided = disputes.filter((d) => d.outcome === 'upheld' || d.outcome === 'not_upheld' || d.outcome === 'settled');
  const implemented = disputes.filter((d) => d.remedyImplementedAt !== null && d.decidedAt !== null);
  const ms = implemented.reduce((sum, d) => sum + (Date.parse(d.remedyImplementedAt as string) - Date.parse(d.decidedAt as string)), 0);
  const count = implemented.length;
  return {
    asOf,
    minimum,
    filter,
    offered: disputes.length,
    consentRate: rate(consented, disputes.length, minimum),
    referralRate: rate(referred, disputes.length, minimum),
    upholdRate: rate(decided.filter((d) => d.outcome === 'upheld').length, decided.length, minimum),
    daysToImplement: count >= Math.max(1, minimum) ? { enoughData: true, count, mean: ms / count / 86_400_000 } : { enoughData: false, count, minimum },
  };
}
