import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { CaseEventRecord } from '../audit/case-event.entity.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import type { ComplaintCommand } from '../complaints/domain/complaint.commands.js';
import { aComplaint, aContext, deadline } from '../complaints/domain/complaint.fixtures.js';
import { decide } from '../complaints/domain/complaint.machine.js';
import type { CaseDeadline, Complaint } from '../complaints/domain/complaint.js';
import { DatabaseAccess } from '../database/database-access.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { combineSchemas, CORE_SCHEMA } from '../database/schema.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { INDICATORS_SCHEMA } from './indicators.schema.js';
import { ReportFactsRepository } from './report-facts.repository.js';
import { IndicatorsService } from './indicators.service.js';

const DAY = 86_400_000;
const AS_OF = '2026-06-01T00:00:00.000Z';
const assessment = { severity: 'high', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false } as const;
const staff = { kind: 'staff', id: 'U1', role: 'supervisor' } as const;
const at = (iso: string) => new Date(iso).toISOString();
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The promises of the fixture: acknowledge within a day, answer within 28 days (both pause with the case). */
function deadlinesFrom(start: string): CaseDeadline[] {
  return [deadline('time_to_acknowledge', plus(start, DAY)), deadline('time_to_final_response', plus(start, 28 * DAY))];
}

interface Story {
  complaint: Complaint;
  events: { type: string; at: string }[];
}

/** A case taken through the workflow machine itself, so that deadlines are settled as Redress settles them. */
function story(reference: string, receivedAt: string, fields: Partial<Complaint>, steps: [ComplaintCommand, string][], extra: CaseDeadline[] = []): Story {
  let complaint = aComplaint({ reference, receivedAt, updatedAt: receivedAt, deadlines: [...deadlinesFrom(receivedAt), ...extra], ...fields });
  const events: Story['events'] = [{ type: 'complaint.received', at: receivedAt }];
  for (const [command, when] of steps) {
    const decision = decide(complaint, command, staff, aContext(when, { deadlinesFrom: (start) => deadlinesFrom(start.toISOString()) }));
    if (!decision.ok) throw new Error(`${reference}: ${decision.message}`);
    complaint = decision.complaint;
    events.push(...decision.events.map((event) => ({ type: event.type, at: at(when) })));
  }
  return { complaint, events };
}

const answered = (acknowledgedAt: string, proposedAt: string): [ComplaintCommand, string][] => [
  [{ type: 'acknowledge' }, acknowledgedAt],
  [{ type: 'assess', assessment }, acknowledgedAt],
  [{ type: 'start_investigation' }, acknowledgedAt],
  [{ type: 'propose_response', outcome: 'upheld', explanation: 'We are sorry.' }, proposedAt],
];

/**
 * The fixed data set, figures worked out by hand (as of 1 June 2026; acknowledge within 1 day, answer within 28):
 *
 * | case | received   | category | channel | acknowledge            | final response                  | ends                |
 * |------|------------|----------|---------|------------------------|---------------------------------|---------------------|
 * | A    | 2 Mar 10h  | delivery | webchat | met, 2 h               | met, 8 days                     | closed, upheld, courier |
 * | B    | 3 Mar 9h   | delivery | sms     | missed, 48 h           | missed, 33 days                 | closed, not upheld  |
 * | C    | 4 Mar 10h  | billing  | webchat | n/a (withdrawn in 1 h) | n/a                             | withdrawn           |
 * | D    | 5 Mar 10h  | billing  | sms     | met, 1 h               | pending: paused since 6 Mar     | — (and a regulator's limit that runs on: missed) |
 * | J    | 9 Mar 10h  | billing  | sms     | missed, 48 h           | missed: overdue before the pause | —                  |
 * | E    | 1 Apr 10h  | delivery | webchat | missed (never)         | missed (never)                  | —                   |
 * | G    | 2 Apr 10h  | billing  | webchat | missed (withdrawn late) | n/a                            | withdrawn           |
 * | H    | 3 Apr 10h  | delivery | webchat | met, 30 min            | 7 days; reopened, new one overdue: missed | closed, reopened |
 * | F    | 31 May 12h | delivery | webchat | pending                | pending                         | —                   |
 */
function dataSet(): Story[] {
  const regulator: CaseDeadline = { ...deadline('time_to_final_response', plus('2026-03-05T10:00:00Z', 35 * DAY)), promiseId: 'regulator-final', runsWhilePaused: true };
  return [
    story('A', at('2026-03-02T10:00:00Z'), { category: 'delivery', channel: 'webchat' }, [
      ...answered('2026-03-02T12:00:00Z', '2026-03-10T10:00:00Z'),
      [{ type: 'accept_response' }, '2026-03-11T10:00:00Z'],
      [{ type: 'close', outcome: 'upheld', rootCause: 'courier' }, '2026-03-12T10:00:00Z'],
    ]),
    story('B', at('2026-03-03T09:00:00Z'), { category: 'delivery', channel: 'sms' }, [
      ...answered('2026-03-05T09:00:00Z', '2026-04-05T09:00:00Z'),
      [{ type: 'accept_response' }, '2026-04-06T09:00:00Z'],
      [{ type: 'close', outcome: 'not_upheld' }, '2026-04-07T09:00:00Z'],
    ]),
    story('C', at('2026-03-04T10:00:00Z'), { category: 'billing', channel: 'webchat' }, [[{ type: 'withdraw' }, '2026-03-04T11:00:00Z']]),
    story(
      'D',
      at('2026-03-05T10:00:00Z'),
      { category: 'billing', channel: 'sms' },
      [
        [{ type: 'acknowledge' }, '2026-03-05T11:00:00Z'],
        [{ type: 'assess', assessment }, '2026-03-05T11:00:00Z'],
        [{ type: 'start_investigation' }, '2026-03-05T11:00:00Z'],
        [{ type: 'request_information', question: 'Which order?' }, '2026-03-06T10:00:00Z'],
      ],
      [regulator],
    ),
    story('J', at('2026-03-09T10:00:00Z'), { category: 'billing', channel: 'sms' }, [
      [{ type: 'acknowledge' }, '2026-03-11T10:00:00Z'],
      [{ type: 'assess', assessment }, '2026-03-11T10:00:00Z'],
      [{ type: 'start_investigation' }, '2026-03-11T10:00:00Z'],
      [{ type: 'request_information', question: 'Which order?' }, '2026-04-07T10:00:00Z'],
    ]),
    story('E', at('2026-04-01T10:00:00Z'), { category: 'delivery', channel: 'webchat' }, []),
    story('G', at('2026-04-02T10:00:00Z'), { category: 'billing', channel: 'webchat' }, [[{ type: 'withdraw' }, '2026-04-04T10:00:00Z']]),
    story('H', at('2026-04-03T10:00:00Z'), { category: 'delivery', channel: 'webchat' }, [
      ...answered('2026-04-03T10:30:00Z', '2026-04-10T10:00:00Z'),
      [{ type: 'accept_response' }, '2026-04-11T10:00:00Z'],
      [{ type: 'close', outcome: 'upheld', rootCause: 'courier' }, '2026-04-12T10:00:00Z'],
      [{ type: 'reopen', reason: 'It came broken.' }, '2026-04-15T10:00:00Z'],
    ]),
    story('F', at('2026-05-31T12:00:00Z'), { category: 'delivery', channel: 'webchat' }, []),
  ];
}

async function load(dataSource: DataSource, stories: Story[]): Promise<void> {
  const facts = new ReportFactsRepository(new DatabaseAccess(dataSource));
  for (const { complaint, events } of stories) {
    await dataSource.manager.insert(ComplaintRecord, ComplaintRecord.fromDomain(complaint, 1));
    // what the app writes beside the case, from the case and its whole history
    await facts.record(complaint, events);
    // The chain's hashes are not what these figures read; the history is otherwise as the workflow wrote it.
    await dataSource.manager.insert(
      CaseEventRecord,
      events.map((event, seq) => ({ reference: complaint.reference, seq: seq + 1, type: event.type, actor: 'staff:U1', at: event.at, reason: null, data: {}, prevHash: '0'.repeat(64), hash: String(seq).padStart(64, '0') })),
    );
  }
}

const ACK = 'time-to-acknowledge';
const FINAL = 'time-to-final-response';

describe.each(dialects())(`${IndicatorsRepository.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let indicators: IndicatorsRepository;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const schema = combineSchemas(CORE_SCHEMA, INDICATORS_SCHEMA);
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, schema)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-indicators-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, schema)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    indicators = new IndicatorsRepository(new DatabaseAccess(dataSource));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  describe('with no complaints', () => {
    it('counts nothing, and has no durations', async () => {
      expect(await indicators.promiseOutcomes({}, AS_OF)).toEqual([]);
      expect(await indicators.volumes('category', {})).toEqual([]);
      expect(await indicators.caseCounts({})).toEqual({ received: 0, ended: 0, reopened: 0, withdrawn: 0 });
      expect(await indicators.durationCount('acknowledge', {})).toBe(0);
      expect(await indicators.durationAt('finalResponse', {}, 0)).toBeUndefined();
    });
  });

  describe('with the fixed data set', () => {
    beforeAll(async () => load(dataSource, dataSet()), 60_000);

    it("counts each promise's deadlines met, missed, pending and made moot", async () => {
      expect(await indicators.promiseOutcomes({}, AS_OF)).toEqual([
        { promiseId: 'regulator-final', met: 0, missed: 1, pending: 0, notApplicable: 0 },
        { promiseId: ACK, met: 3, missed: 4, pending: 1, notApplicable: 1 },
        { promiseId: FINAL, met: 1, missed: 4, pending: 2, notApplicable: 2 },
      ]);
    });

    it('keeps a paused deadline pending even past its old due time, unless it was overdue before the pause', async () => {
      // D paused on 6 March with its answer due on 2 April, J paused on 7 April with its answer due on 6 April.
      expect(await indicators.promiseOutcomes({ channel: 'sms', promiseId: FINAL }, AS_OF)).toEqual([
        { promiseId: FINAL, met: 0, missed: 2, pending: 1, notApplicable: 0 },
      ]);
    });

    it('filters by period received, category, channel and promise', async () => {
      expect(await indicators.promiseOutcomes({ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', promiseId: ACK }, AS_OF)).toEqual([
        { promiseId: ACK, met: 1, missed: 2, pending: 0, notApplicable: 0 },
      ]);
      expect(await indicators.promiseOutcomes({ category: 'billing', promiseId: ACK }, AS_OF)).toEqual([
        { promiseId: ACK, met: 1, missed: 2, pending: 0, notApplicable: 1 },
      ]);
      expect(await indicators.promiseOutcomes({ from: '2027-01-01T00:00:00.000Z' }, AS_OF)).toEqual([]);
    });

    it('groups the outcomes by the quarter and the month the complaints came in', async () => {
      expect(await indicators.promiseOutcomes({ promiseId: ACK }, AS_OF, 'quarter')).toEqual([
        { promiseId: ACK, period: '2026-Q1', met: 2, missed: 2, pending: 0, notApplicable: 1 },
        { promiseId: ACK, period: '2026-Q2', met: 1, missed: 2, pending: 1, notApplicable: 0 },
      ]);
      expect((await indicators.promiseOutcomes({ promiseId: ACK }, AS_OF, 'month')).map((row) => row.period)).toEqual(['2026-03', '2026-04', '2026-05']);
    });

    it('counts a deadline still running as pending before its due time and missed after', async () => {
      const early = await indicators.promiseOutcomes({ from: '2026-04-01T00:00:00.000Z', to: '2026-04-02T00:00:00.000Z' }, '2026-04-01T12:00:00.000Z');
      expect(early).toEqual([
        { promiseId: ACK, met: 0, missed: 0, pending: 1, notApplicable: 0 },
        { promiseId: FINAL, met: 0, missed: 0, pending: 1, notApplicable: 0 },
      ]);
    });

    it('counts the complaints by category, channel, root cause and outcome', async () => {
      expect(await indicators.volumes('category', {})).toEqual([
        { key: 'delivery', count: 5 },
        { key: 'billing', count: 4 },
      ]);
      expect(await indicators.volumes('channel', {})).toEqual([
        { key: 'webchat', count: 6 },
        { key: 'sms', count: 3 },
      ]);
      // H's closure went with its reopening
      expect(await indicators.volumes('outcome', {})).toEqual([
        { key: null, count: 7 },
        { key: 'not_upheld', count: 1 },
        { key: 'upheld', count: 1 },
      ]);
      expect(await indicators.volumes('rootCause', { channel: 'webchat' })).toEqual([
        { key: null, count: 5 },
        { key: 'courier', count: 1 },
      ]);
      // ties by count: named values first, in order, then those with none
      expect(await indicators.volumes('rootCause', { category: 'delivery', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' })).toEqual([
        { key: 'courier', count: 1 },
        { key: null, count: 1 },
      ]);
    });

    it('gives the monthly trend of each volume', async () => {
      expect(await indicators.volumes('category', {}, true)).toEqual([
        { month: '2026-03', key: 'billing', count: 3 },
        { month: '2026-03', key: 'delivery', count: 2 },
        { month: '2026-04', key: 'delivery', count: 2 },
        { month: '2026-04', key: 'billing', count: 1 },
        { month: '2026-05', key: 'delivery', count: 1 },
      ]);
    });

    it('counts the cases ever ended, reopened and withdrawn', async () => {
      expect(await indicators.caseCounts({})).toEqual({ received: 9, ended: 5, reopened: 1, withdrawn: 2 });
      expect(await indicators.caseCounts({ category: 'delivery' })).toEqual({ received: 5, ended: 3, reopened: 1, withdrawn: 0 });
    });

    it('counts the complaints closed in a period by when they were closed, once each', async () => {
      // A closed 12 Mar; B 7 Apr; H 12 Apr (reopened on the 15th)
      expect(await indicators.closedCount({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' })).toBe(1);
      expect(await indicators.closedCount({ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' })).toBe(2);
      expect(await indicators.closedCount({ from: '2026-03-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', channel: 'sms' })).toBe(1);
      expect(await indicators.closedCount({ from: '2026-04-12T10:00:00.001Z', to: '2026-06-01T00:00:00.000Z' })).toBe(0);
    });

    it('ranks the times to acknowledge and to the first final response', async () => {
      // 30 min, 1 h, 2 h, 48 h, 48 h
      expect(await indicators.durationCount('acknowledge', {})).toBe(5);
      const acknowledge = await Promise.all([0, 1, 2, 3, 4].map((offset) => indicators.durationAt('acknowledge', {}, offset)));
      expect(acknowledge).toEqual([1800, 3600, 7200, 172_800, 172_800]);
      // H 7 days (its reopening brought no second answer yet), A 8 days, B 33 days
      expect(await indicators.durationCount('finalResponse', {})).toBe(3);
      const final = await Promise.all([0, 1, 2].map((offset) => indicators.durationAt('finalResponse', {}, offset)));
      expect(final).toEqual([7 * 86_400, 8 * 86_400, 33 * 86_400]);
      expect(await indicators.durationCount('finalResponse', { channel: 'sms' })).toBe(1);
    });

    it('turns the counts into rates with intervals, and times into median and 90th percentile, from the minimum on', async () => {
      const service = new IndicatorsService(indicators, { now: () => new Date(AS_OF) }, { INDICATORS_MINIMUM_COUNT: 5 });
      const promises = await service.promises({});
      expect(promises.promises.map((p) => [p.promiseId, p.deadlines, p.met])).toEqual([
        ['regulator-final', 1, { enoughData: false, successes: 0, count: 1, minimum: 5 }],
        [ACK, 9, { enoughData: true, successes: 3, count: 7, value: 3 / 7, interval: expect.any(Object) }],
        [FINAL, 9, { enoughData: true, successes: 1, count: 5, value: 0.2, interval: expect.any(Object) }],
      ]);
      const report = await service.complaints({});
      expect(report.received).toBe(9);
      expect(report.reopenRate).toMatchObject({ enoughData: true, successes: 1, count: 5, value: 0.2 });
      expect(report.withdrawalRate).toMatchObject({ enoughData: true, successes: 2, count: 9, value: 2 / 9 });
      expect(report.timeToAcknowledge).toEqual({ enoughData: true, count: 5, medianSeconds: 7200, p90Seconds: 172_800 });
      expect(report.timeToFinalResponse).toEqual({ enoughData: false, count: 3, minimum: 5 });
      expect(report.volumes.channel).toEqual([
        { key: 'webchat', count: 6 },
        { key: 'sms', count: 3 },
      ]);
      expect(report.monthly.outcome.filter((row) => row.key !== null)).toEqual([
        { month: '2026-03', key: 'upheld', label: 'upheld', count: 1 },
        { month: '2026-03', key: 'not_upheld', label: 'not_upheld', count: 1 },
      ].sort((a, b) => a.key.localeCompare(b.key)));
    });

    it('gives each category and root cause its label from the code of conduct, and an outcome its own words', async () => {
      const code = { categories: [{ id: 'delivery', label: 'Delivery problems' }], rootCauses: [{ id: 'courier', label: 'The courier' }] };
      const service = new IndicatorsService(indicators, { now: () => new Date(AS_OF) }, { INDICATORS_MINIMUM_COUNT: 5 }, { code });
      const report = await service.complaints({});
      // billing is no longer in this code: its id stays, with no label
      expect(report.volumes.category).toEqual([
        { key: 'delivery', label: 'Delivery problems', count: 5 },
        { key: 'billing', label: null, count: 4 },
      ]);
      expect(report.volumes.rootCause).toEqual([
        // H's closure went when it was reopened
        { key: null, label: null, count: 8 },
        { key: 'courier', label: 'The courier', count: 1 },
      ]);
      expect(report.volumes.outcome).toContainEqual({ key: 'not_upheld', label: 'not_upheld', count: 1 });
      expect(report.monthly.rootCause).toContainEqual({ month: '2026-03', key: 'courier', label: 'The courier', count: 1 });
      expect(report.volumes.channel).toEqual([{ key: 'webchat', count: 6 }, { key: 'sms', count: 3 }]);
    });

    it('gives no figure at all below the default minimum of 30, only the counts', async () => {
      const service = new IndicatorsService(indicators, { now: () => new Date(AS_OF) }, { INDICATORS_MINIMUM_COUNT: 30 });
      const promises = await service.promises({}, 'quarter');
      expect(promises.promises.every((p) => !p.met.enoughData && !p.shares.met.enoughData)).toBe(true);
      expect(promises.trend?.map((p) => p.period)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q1', '2026-Q2']);
      const report = await service.complaints({});
      expect(report.withdrawalRate).toEqual({ enoughData: false, successes: 2, count: 9, minimum: 30 });
      expect(report.timeToAcknowledge).toEqual({ enoughData: false, count: 5, minimum: 30 });
    });
  });
});
