import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from '../src/app.module.js';
import { ComplaintRecord } from '../src/complaints/complaint.entity.js';
import { aComplaint } from '../src/complaints/domain/complaint.fixtures.js';
import { DatabaseAccess } from '../src/database/database-access.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { DisputeRecord } from '../src/disputes/dispute.entity.js';
import { DisputeReportRepository } from '../src/indicators/dispute-report.repository.js';
import { DisputeReportService } from '../src/indicators/dispute-report.service.js';
import { IndicatorsRepository } from '../src/indicators/indicators.repository.js';
import { SurveyAndDisputeSums1767000000001 } from '../src/indicators/migrations/1767000000001-survey-and-dispute-sums.js';
import { SatisfactionReportRepository } from '../src/indicators/satisfaction-report.repository.js';
import { SatisfactionReportService } from '../src/indicators/satisfaction-report.service.js';
import { SurveyResponseRecord } from '../src/satisfaction/survey-response.entity.js';
import { SurveyRecord } from '../src/satisfaction/survey.entity.js';
import { bruteDisputes, bruteSatisfaction, rawAnswers } from './support/answer-brute-force.js';
import { createPostgresDatabase, dialects } from './support/databases.js';
import { rawCases } from './support/report-brute-force.js';

const AS_OF = '2026-12-05T00:00:00.000Z';
const DAY = 86_400_000;

describe.each(dialects())('the survey and dispute sums on a database upgraded with surveys and disputes in it, on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('fills the sums from the surveys, answers and disputes made before the upgrade', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-sums-migration-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    let config: { DATABASE_URL?: string; DATA_DIR: string } = { DATA_DIR: dir };
    if (dialect === 'postgres') {
      const pg = await createPostgresDatabase();
      cleanups.push(pg.drop);
      config = { DATABASE_URL: pg.url, DATA_DIR: dir };
    }
    const before = { ...APP_SCHEMA, migrations: APP_SCHEMA.migrations.filter((migration) => migration !== SurveyAndDisputeSums1767000000001) };
    const old = await new DataSource(dataSourceOptions(config, before)).initialize();
    // 40 complaints over five months, each with its facts row as the app wrote it then; surveys, answers, disputes
    const channels = ['webchat', 'sms', 'email'];
    const categories = ['delivery', 'billing'];
    for (let i = 0; i < 40; i++) {
      const reference = `M${String(i).padStart(3, '0')}`;
      const receivedAt = new Date(Date.parse('2026-05-03T10:00:00.000Z') + i * 3.7 * DAY).toISOString();
      const [channel, category] = [channels[i % 3], categories[i % 2]];
      await old.manager.insert(ComplaintRecord, ComplaintRecord.fromDomain(aComplaint({ reference, receivedAt, updatedAt: receivedAt, channel, category, deadlines: [] }), 1));
      await old.query(
        `INSERT INTO complaint_facts (reference, received_at, category, channel) VALUES (${dialect === 'postgres' ? '$1, $2, $3, $4' : '?, ?, ?, ?'})`,
        [reference, receivedAt, category, channel],
      );
      const closedAt = new Date(Date.parse(receivedAt) + 10 * DAY).toISOString();
      const sent = i % 5 !== 0;
      await old.manager.insert(SurveyRecord, {
        id: `s-${reference}`,
        reference,
        closedAt,
        status: sent ? 'sent' : 'not_sent',
        reason: sent ? null : 'opted_out',
        channel: channels[(i + 1) % 3],
        language: 'en',
        sentAt: sent ? closedAt : null,
        remindedAt: null,
        expiresAt: null,
        conversation: null,
        returnedAt: null,
        updatedAt: closedAt,
      } as SurveyRecord);
      if (i % 3 !== 2) {
        await old.manager.insert(SurveyResponseRecord, {
          surveyId: `s-${reference}`,
          reference,
          surveyVersion: '2026-12',
          channel: channels[(i + 1) % 3],
          category,
          outcome: 'upheld',
          language: 'en',
          resolutionMinutes: 60,
          pausedMinutes: 0,
          promisesMet: [],
          promisesMissed: [],
          handling: i % 4 === 0 ? null : 1 + (i % 5),
          outcomeScore: 1 + ((i * 3) % 5),
          effort: i % 2 === 0 ? 1 + (i % 7) : null,
          datesKept: (['yes', 'no', 'not_sure', null] as const)[i % 4],
          comment: i % 7 === 0 ? 'Fine.' : null,
          sentiment: null,
          respondedAt: closedAt,
          finishedAt: closedAt,
        });
      }
      if (i % 2 === 0) {
        const decidedAt = new Date(Date.parse(receivedAt) + 30 * DAY).toISOString();
        await old.manager.insert(DisputeRecord, {
          reference,
          status: i % 4 === 0 ? 'remedy_implemented' : 'declined',
          trigger: 'response_rejected',
          options: 'ombudsman',
          offeredAt: closedAt,
          updatedAt: closedAt,
          version: 1,
          ...(i % 4 === 0
            ? { providerId: 'ombudsman', referredAt: closedAt, outcome: i % 8 === 0 ? 'upheld' : 'settled', decidedAt, remedyImplementedAt: new Date(Date.parse(decidedAt) + (i + 1) * 3_600_000).toISOString() }
            : {}),
        } as DisputeRecord);
      }
    }
    await old.destroy();

    const upgraded = await new DataSource(dataSourceOptions(config, APP_SCHEMA)).initialize();
    cleanups.push(() => upgraded.destroy());
    const db = new DatabaseAccess(upgraded);
    const clock = { now: () => new Date(AS_OF) };
    const satisfaction = new SatisfactionReportService(new SatisfactionReportRepository(db), new IndicatorsRepository(db), clock, { INDICATORS_MINIMUM_COUNT: 3 });
    const disputes = new DisputeReportService(new DisputeReportRepository(db), clock, { INDICATORS_MINIMUM_COUNT: 3 });
    const cases = await rawCases(upgraded);
    const raw = await rawAnswers(upgraded);
    // all time and whole months read only the sums; a period off month boundaries reads rows at its edges too
    for (const filter of [{}, { from: '2026-06-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' }, { from: '2026-05-20T00:00:00.000Z', channel: 'sms' }, { category: 'billing' }]) {
      expect({ filter, report: await satisfaction.report(filter) }).toEqual({ filter, report: bruteSatisfaction(cases, raw, filter, AS_OF, 3) });
      expect({ filter, report: await disputes.report(filter) }).toEqual({ filter, report: bruteDisputes(cases, raw, filter, AS_OF, 3) });
    }
    const all = await satisfaction.report({});
    expect(all.scores.process).toMatchObject({ enoughData: true, count: 20 });
    expect((await disputes.report({})).offered).toBe(20);
  }, 120_000);
});
