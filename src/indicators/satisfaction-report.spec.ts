import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { aComplaint, deadline } from '../complaints/domain/complaint.fixtures.js';
import { DatabaseAccess } from '../database/database-access.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { combineSchemas, CORE_SCHEMA } from '../database/schema.js';
import { SATISFACTION_SCHEMA } from '../satisfaction/satisfaction.schema.js';
import { SurveyResponseRecord } from '../satisfaction/survey-response.entity.js';
import { SurveyRecord } from '../satisfaction/survey.entity.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { INDICATORS_SCHEMA } from './indicators.schema.js';
import { ReportFactsRepository } from './report-facts.repository.js';
import { SatisfactionReportRepository } from './satisfaction-report.repository.js';
import { SatisfactionReportService } from './satisfaction-report.service.js';

const AS_OF = '2026-06-01T00:00:00.000Z';

/**
 * The fixed data set, figures worked out by hand. Deadlines (acknowledge, final response), all settled:
 *   P  2 Mar, webchat, delivery: met, met
 *   Q  5 Mar, sms, billing:      missed, met
 *   R  1 Apr, sms, delivery:     met, met                         → 5 of 6 met overall
 * Surveys (s5 never sent, s4 and s6 sent but unanswered: s6 was opened and left without a word):
 *   s1 P webchat: process 5, outcome 4, effort 6, dates yes
 *   s2 Q sms:     process 2, outcome 1, effort —, dates no
 *   s3 R sms:     process 4, outcome —, effort 7, dates not sure
 *   s4 R sms, s5 Q sms (not sent), s6 P webchat
 */
async function load(dataSource: DataSource): Promise<void> {
  const complaint = (reference: string, receivedAt: string, channel: string, category: string, ack: [string, string], final: [string, string]) =>
    aComplaint({ reference, receivedAt, updatedAt: receivedAt, channel, category, deadlines: [deadline('time_to_acknowledge', ...ack), deadline('time_to_final_response', ...final)] });
  const complaints = [
    complaint('P', '2026-03-02T10:00:00.000Z', 'webchat', 'delivery', ['2026-03-03T10:00:00.000Z', '2026-03-02T12:00:00.000Z'], ['2026-03-30T10:00:00.000Z', '2026-03-10T10:00:00.000Z']),
    complaint('Q', '2026-03-05T10:00:00.000Z', 'sms', 'billing', ['2026-03-06T10:00:00.000Z', '2026-03-08T10:00:00.000Z'], ['2026-04-02T10:00:00.000Z', '2026-03-20T10:00:00.000Z']),
    complaint('R', '2026-04-01T10:00:00.000Z', 'sms', 'delivery', ['2026-04-02T10:00:00.000Z', '2026-04-01T11:00:00.000Z'], ['2026-04-29T10:00:00.000Z', '2026-04-10T10:00:00.000Z']),
  ];
  await dataSource.manager.insert(ComplaintRecord, complaints.map((c) => ComplaintRecord.fromDomain(c, 1)));
  // what the app writes beside each case for the reports (no case ended: every settled deadline was kept or missed)
  const facts = new ReportFactsRepository(new DatabaseAccess(dataSource));
  for (const c of complaints) await facts.record(c, []);
  const survey = (id: string, reference: string, channel: string, closedAt: string, sent: boolean): SurveyRecord => ({
    id,
    reference,
    closedAt,
    status: sent ? 'sent' : 'cancelled',
    reason: sent ? null : 'reopened',
    channel,
    language: 'en',
    sentAt: sent ? closedAt : null,
    remindedAt: null,
    expiresAt: null,
    conversation: null,
    updatedAt: closedAt,
  }) as SurveyRecord;
  await dataSource.manager.insert(SurveyRecord, [
    survey('s1', 'P', 'webchat', '2026-03-12T10:00:00.000Z', true),
    survey('s2', 'Q', 'sms', '2026-03-22T10:00:00.000Z', true),
    survey('s3', 'R', 'sms', '2026-04-12T10:00:00.000Z', true),
    survey('s4', 'R', 'sms', '2026-04-20T10:00:00.000Z', true),
    survey('s5', 'Q', 'sms', '2026-03-21T10:00:00.000Z', false),
    survey('s6', 'P', 'webchat', '2026-03-13T10:00:00.000Z', true),
  ]);
  const response = (surveyId: string, reference: string, channel: string, answers: Partial<SurveyResponseRecord>): SurveyResponseRecord => ({
    surveyId,
    reference,
    surveyVersion: '2026-12',
    channel,
    category: 'delivery',
    outcome: 'upheld',
    language: 'en',
    resolutionMinutes: 60,
    pausedMinutes: 0,
    promisesMet: [],
    promisesMissed: [],
    handling: null,
    outcomeScore: null,
    effort: null,
    datesKept: null,
    comment: null,
    sentiment: null,
    respondedAt: '2026-04-20T10:00:00.000Z',
    finishedAt: '2026-04-20T10:05:00.000Z',
    ...answers,
  });
  await dataSource.manager.insert(SurveyResponseRecord, [
    response('s1', 'P', 'webchat', { handling: 5, outcomeScore: 4, effort: 6, datesKept: 'yes' }),
    response('s2', 'Q', 'sms', { handling: 2, outcomeScore: 1, datesKept: 'no' }),
    response('s3', 'R', 'sms', { handling: 4, effort: 7, datesKept: 'not_sure' }),
    response('s6', 'P', 'webchat', {}),
  ]);
}

describe.each(dialects())(`${SatisfactionReportService.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let satisfaction: SatisfactionReportRepository;
  let service: (minimum: number) => SatisfactionReportService;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const schema = combineSchemas(CORE_SCHEMA, INDICATORS_SCHEMA, SATISFACTION_SCHEMA);
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, schema)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-satisfaction-report-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, schema)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    const db = new DatabaseAccess(dataSource);
    satisfaction = new SatisfactionReportRepository(db);
    const indicators = new IndicatorsRepository(db);
    service = (minimum) => new SatisfactionReportService(satisfaction, indicators, { now: () => new Date(AS_OF) }, { INDICATORS_MINIMUM_COUNT: minimum });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  it('with no data, gives every figure as not enough data and no response rates', async () => {
    const report = await service(2).report({});
    expect(report.scores.process).toEqual({
      enoughData: false,
      count: 0,
      scale: 5,
      minimum: 2,
      distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: 0 })),
    });
    expect(report.scores.effort).toMatchObject({ enoughData: false, count: 0, scale: 7 });
    expect(report.responseRates).toEqual([]);
    expect(report.responseRate).toEqual({ enoughData: false, successes: 0, count: 0, minimum: 2 });
    expect(report.trend).toEqual([]);
    expect(report.datesKept).toEqual({
      promisesMet: { enoughData: false, successes: 0, count: 0, minimum: 2 },
      customersSayKept: { enoughData: false, successes: 0, count: 0, minimum: 2 },
      notSure: 0,
      gapPoints: null,
    });
  });

  describe('with the fixed data set', () => {
    beforeAll(async () => load(dataSource), 60_000);

    it('counts each score given, skipped questions left out', async () => {
      expect(await satisfaction.scores('process', {})).toEqual([{ score: 2, count: 1 }, { score: 4, count: 1 }, { score: 5, count: 1 }]);
      expect(await satisfaction.scores('outcome', {})).toEqual([{ score: 1, count: 1 }, { score: 4, count: 1 }]);
      expect(await satisfaction.scores('effort', {})).toEqual([{ score: 6, count: 1 }, { score: 7, count: 1 }]);
    });

    it('gives the mean and distribution of each score with its count', async () => {
      const { scores } = await service(2).report({});
      expect(scores.process).toMatchObject({ enoughData: true, count: 3, distribution: [{ score: 1, count: 0 }, { score: 2, count: 1 }, { score: 3, count: 0 }, { score: 4, count: 1 }, { score: 5, count: 1 }] });
      expect(scores.process.enoughData && scores.process.mean).toBeCloseTo(11 / 3, 10);
      expect(scores.outcome).toMatchObject({ enoughData: true, count: 2, mean: 2.5 });
      expect(scores.effort).toMatchObject({ enoughData: true, count: 2, mean: 6.5, scale: 7 });
    });

    it('gives the response rate per channel the survey went by, of the surveys sent, with its interval', async () => {
      const { responseRates } = await service(2).report({});
      expect(responseRates).toEqual([
        { channel: 'sms', responseRate: { enoughData: true, successes: 2, count: 3, value: 2 / 3, interval: { low: expect.any(Number), high: expect.any(Number) } } },
        { channel: 'webchat', responseRate: { enoughData: true, successes: 1, count: 2, value: 0.5, interval: { low: expect.any(Number), high: expect.any(Number) } } },
      ]);
      const sms = responseRates[0].responseRate;
      if (!sms.enoughData) throw new Error('expected a rate');
      expect(sms.interval.low).toBeCloseTo(0.2077, 3);
      expect(sms.interval.high).toBeCloseTo(0.9385, 3);
    });

    it('sets the deadlines met beside the customers who say the dates were kept', async () => {
      const { datesKept } = await service(2).report({});
      expect(datesKept.promisesMet).toMatchObject({ enoughData: true, successes: 5, count: 6 });
      expect(datesKept.customersSayKept).toMatchObject({ enoughData: true, successes: 1, count: 2, value: 0.5 });
      expect(datesKept.notSure).toBe(1);
      expect(datesKept.gapPoints).toBeCloseTo((5 / 6 - 0.5) * 100, 10);
    });

    it('filters by the channel, category and period of the complaints', async () => {
      const sms = await service(2).report({ channel: 'sms' });
      expect(sms.scores.process).toMatchObject({ enoughData: true, count: 2, mean: 3 });
      expect(sms.responseRates.map((row) => row.channel)).toEqual(['sms']);
      expect(sms.datesKept.promisesMet).toMatchObject({ successes: 3, count: 4 });
      // one "no", one "not sure": a single decided answer is below the minimum, so there is no gap
      expect(sms.datesKept.customersSayKept).toEqual({ enoughData: false, successes: 0, count: 1, minimum: 2 });
      expect(sms.datesKept.gapPoints).toBeNull();

      const april = await service(2).report({ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
      expect(april.scores.process).toMatchObject({ enoughData: false, count: 1, minimum: 2 });
      expect(april.responseRates).toEqual([{ channel: 'sms', responseRate: expect.objectContaining({ enoughData: true, successes: 1, count: 2, value: 0.5 }) }]);
      expect((await service(3).report({ from: '2026-04-01T00:00:00.000Z' })).responseRates).toEqual([
        { channel: 'sms', responseRate: { enoughData: false, successes: 1, count: 2, minimum: 3 } },
      ]);

      expect((await service(2).report({ category: 'billing' })).scores.outcome).toMatchObject({ count: 1, distribution: expect.arrayContaining([{ score: 1, count: 1 }]) });
    });

    it('gives the response rate of every survey sent, whatever its channel', async () => {
      // s1, s2, s3 answered of s1, s2, s3, s4, s6 sent
      expect((await service(2).report({})).responseRate).toMatchObject({ enoughData: true, successes: 3, count: 5, value: 0.6 });
    });

    it('gives the trend by month received: means with their counts, response rate, and the dates-kept gap', async () => {
      const { trend } = await service(2).report({});
      expect(trend.map((month) => month.month)).toEqual(['2026-03', '2026-04']);
      const [march, april] = trend;
      // March (P, Q): process 5 and 2, outcome 4 and 1, effort 6 alone; s1, s2 answered of s1, s2, s6 sent;
      // deadlines met 3 of 4; one "yes", one "no"
      expect(march.scores).toEqual({
        process: { enoughData: true, count: 2, mean: 3.5 },
        outcome: { enoughData: true, count: 2, mean: 2.5 },
        effort: { enoughData: false, count: 1, minimum: 2 },
      });
      expect(march.responseRate).toMatchObject({ enoughData: true, successes: 2, count: 3, value: 2 / 3 });
      expect(march.datesKept).toMatchObject({ promisesMet: { successes: 3, count: 4, value: 0.75 }, customersSayKept: { successes: 1, count: 2, value: 0.5 }, notSure: 0 });
      expect(march.datesKept.gapPoints).toBeCloseTo(25, 10);
      // April (R): process 4, effort 7, no outcome score; s3 answered of s3, s4; both deadlines met; "not sure" only
      expect(april.scores).toEqual({
        process: { enoughData: false, count: 1, minimum: 2 },
        outcome: { enoughData: false, count: 0, minimum: 2 },
        effort: { enoughData: false, count: 1, minimum: 2 },
      });
      expect(april.responseRate).toMatchObject({ enoughData: true, successes: 1, count: 2, value: 0.5 });
      expect(april.datesKept).toEqual({
        promisesMet: expect.objectContaining({ enoughData: true, successes: 2, count: 2, value: 1 }),
        customersSayKept: { enoughData: false, successes: 0, count: 0, minimum: 2 },
        notSure: 1,
        gapPoints: null,
      });
    });

    it('filters the trend like the rest, and holds every monthly figure back below the minimum', async () => {
      const sms = await service(2).report({ channel: 'sms' });
      // Q in March, R in April
      expect(sms.trend.map((month) => [month.month, month.scores.process.count, month.responseRate.count])).toEqual([
        ['2026-03', 1, 1],
        ['2026-04', 1, 2],
      ]);
      const strict = await service(4).report({});
      expect(strict.trend.every((month) => !month.scores.process.enoughData && !month.responseRate.enoughData && month.datesKept.gapPoints === null)).toBe(true);
      expect(strict.trend[0].datesKept.promisesMet).toEqual({ enoughData: true, successes: 3, count: 4, value: 0.75, interval: expect.any(Object) });
      expect((await service(2).report({ from: '2026-05-01T00:00:00.000Z' })).trend).toEqual([]);
    });

    it('says "not enough data" for every figure below the minimum', async () => {
      const report = await service(4).report({});
      expect(report.scores.process).toMatchObject({ enoughData: false, count: 3, minimum: 4 });
      expect(report.responseRates.every((row) => !row.responseRate.enoughData)).toBe(true);
      expect(report.datesKept.promisesMet).toMatchObject({ enoughData: true, count: 6 });
      expect(report.datesKept.gapPoints).toBeNull();
    });
  });
});
