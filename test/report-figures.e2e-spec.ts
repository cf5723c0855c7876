import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DomainError } from '../src/common/domain-error.js';
import { ComplaintsService } from '../src/complaints/complaints.service.js';
import type { Actor, ComplaintCommand } from '../src/complaints/domain/complaint.commands.js';
import { CodeOfConductService } from '../src/conduct/code-of-conduct.service.js';
import { DisputesService } from '../src/disputes/disputes.service.js';
import type { DisputeCommand } from '../src/disputes/domain/dispute.commands.js';
import { allowedDisputeCommands } from '../src/disputes/domain/dispute.machine.js';
import { DisputeReportService } from '../src/indicators/dispute-report.service.js';
import { IndicatorsRepository, type IndicatorFilter } from '../src/indicators/indicators.repository.js';
import { SatisfactionReportService } from '../src/indicators/satisfaction-report.service.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SurveyDeskService } from '../src/satisfaction/survey-desk.service.js';
import type { SurveyAnswer } from '../src/satisfaction/survey-questions.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { SurveyRepository } from '../src/satisfaction/survey.repository.js';
import { bruteDisputes, bruteSatisfaction, rawAnswers } from './support/answer-brute-force.js';
import { dialects } from './support/databases.js';
import { expectFiguresOf, rawCases, type RawCase } from './support/report-brute-force.js';
import { startApp, type RunningApp } from './support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: the same workflows on every run and both databases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe.each(dialects())('report figures kept beside the cases, against a brute force over the raw data, on %s', (dialect) => {
  let server: RunningApp;
  let complaints: ComplaintsService;
  let indicators: IndicatorsRepository;
  let surveys: SurveyRepository;
  let responses: SurveyResponseRepository;
  let surveyDesk: SurveyDeskService;
  let disputes: DisputesService;
  let satisfactionReport: SatisfactionReportService;
  let disputeReport: DisputeReportService;
  let relay: OutboxRelay;
  const surveyIds: string[] = [];
  /** Low, so that most figures are given rather than held back. */
  const minimum = 3;
  let dataSource: DataSource;
  let categories: string[];
  let rootCauses: string[];
  const references: string[] = [];
  const next = random(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const supervisor: Actor = { kind: 'staff', id: 'U0SUPER', role: 'supervisor' };
  const customer: Actor = { kind: 'customer' };
  /** A supervisor who takes no part in the complaints, as a dispute's steps require. */
  const reviewer: Actor = { kind: 'staff', id: 'U0REVIEW', role: 'supervisor' };
  let now = Date.parse('2026-01-05T09:00:00.000Z');

  beforeAll(async () => {
    server = await startApp(dialect, { INDICATORS_MINIMUM_COUNT: String(minimum) }, new Date(now).toISOString());
    complaints = server.app.get(ComplaintsService);
    indicators = server.app.get(IndicatorsRepository);
    surveys = server.app.get(SurveyRepository);
    responses = server.app.get(SurveyResponseRepository);
    surveyDesk = server.app.get(SurveyDeskService);
    disputes = server.app.get(DisputesService);
    satisfactionReport = server.app.get(SatisfactionReportService);
    disputeReport = server.app.get(DisputeReportService);
    relay = server.app.get(OutboxRelay);
    dataSource = server.app.get(DataSource);
    const conduct = server.app.get(CodeOfConductService);
    categories = conduct.categoryIds();
    rootCauses = conduct.rootCauseIds();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** Files complaints and takes random steps on random cases, minutes to days apart; a step the workflow refuses is skipped. */
  async function play(steps: number): Promise<void> {
    for (let i = 0; i < steps; i++) {
      now += Math.floor(next() < 0.6 ? next() * 6 * HOUR : next() * 4 * DAY) + 1000;
      server.clock.set(new Date(now).toISOString());
      if (references.length === 0 || next() < 0.22) {
        const channel = pick(['webchat', 'sms', 'api', 'phone']);
        const complaint = await complaints.file(
          {
            channel,
            contact: { kind: 'email', value: `c${references.length}@example.com` },
            language: 'en',
            category: pick(categories),
            description: 'The parcel never came.',
            // some keyed in later than they arrived
            ...(next() < 0.3 ? { receivedAt: new Date(now - Math.floor(next() * 3 * DAY)) } : {}),
            acknowledge: channel === 'webchat' && next() < 0.7,
          },
          channel === 'api' || channel === 'phone' ? supervisor : customer,
        );
        references.push(complaint.reference);
        continue;
      }
      if (next() < 0.4) {
        await answerStep();
        continue;
      }
      const commands: [ComplaintCommand, Actor][] = [
        [{ type: 'acknowledge' }, supervisor],
        [{ type: 'assess', assessment: { severity: 'medium', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false } }, supervisor],
        [{ type: 'start_investigation' }, supervisor],
        [{ type: 'request_information', question: 'Which order?' }, supervisor],
        [{ type: 'receive_information', message: 'Order 12.' }, customer],
        [{ type: 'propose_response', outcome: pick(['upheld', 'partly_upheld', 'not_upheld']), explanation: 'We refunded it.' }, supervisor],
        [{ type: 'accept_response' }, customer],
        [{ type: 'reject_response', reason: 'Not enough' }, customer],
        [{ type: 'close', outcome: pick(['upheld', 'not_upheld']), ...(next() < 0.8 ? { rootCause: pick(rootCauses) } : {}) }, supervisor],
        [{ type: 'withdraw', reason: 'Sorted' }, customer],
        [{ type: 'reopen', reason: 'It broke again' }, customer],
        [{ type: 'mark_unresolved', reason: 'No answer possible' }, supervisor],
      ];
      const [command, actor] = pick(commands);
      try {
        await complaints.act(pick(references), command, actor);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }

  /**
   * A step of the survey or a dispute, on a random case: a survey sent (or not) after it, an answer to one question,
   * a survey finished, comments erased; a dispute offered, or moved on by the customer or a reviewer.
   */
  async function answerStep(): Promise<void> {
    const at = new Date(now).toISOString();
    const roll = next();
    try {
      if (roll < 0.2) {
        const sent = next() < 0.8;
        const created = await surveys.create({
          reference: pick(references),
          closedAt: at,
          status: sent ? 'sent' : 'not_sent',
          reason: sent ? null : 'opted_out',
          channel: pick(['sms', 'webchat', 'email']),
          language: 'en',
          sentAt: sent ? at : null,
          remindedAt: null,
          expiresAt: null,
          conversation: null,
          updatedAt: at,
        });
        if (created) surveyIds.push((await surveys.ofCases(references)).find((s) => s.closedAt === at)?.id as string);
      } else if (roll < 0.5 && surveyIds.length > 0) {
        const answers: SurveyAnswer[] = [
          { question: 'handling', score: 1 + Math.floor(next() * 5) },
          { question: 'outcome', score: 1 + Math.floor(next() * 5) },
          { question: 'effort', score: 1 + Math.floor(next() * 7) },
          { question: 'datesKept', value: pick(['yes', 'no', 'not_sure'] as const) },
          { question: 'comment', text: 'Slow but fine.' },
        ];
        // a customer answers some of the questions and skips others
        const surveyId = pick(surveyIds);
        for (const answer of answers) if (next() < 0.6) await surveyDesk.answer(surveyId, answer);
      } else if (roll < 0.55 && surveyIds.length > 0) {
        await surveyDesk.finish(pick(surveyIds));
      } else if (roll < 0.6) {
        await responses.eraseComments([pick(references)]);
      } else {
        // the workflow offers some disputes itself (a response rejected, a case left unresolved); staff offer others
        const going = (await rawAnswers(dataSource)).disputes.filter((d) => d.status !== 'closed');
        if (going.length === 0 || next() < 0.1) {
          await disputes.offer(pick(references), 'staff', reviewer);
          return;
        }
        // a few at a time, so that some go the whole way
        const reference = pick(going.slice(0, 3)).reference;
        const dispute = await disputes.get(reference);
        // a step the dispute's stage allows, so that disputes go the whole way: referred, decided, remedied
        const providerId = pick(disputes.options().map((option) => option.id));
        const steps: Partial<Record<DisputeCommand['type'], [DisputeCommand, Actor]>> = {
          consent: [{ type: 'consent', providerId, shareCaseFile: next() < 0.5, wordingVersion: 'dispute-options-2026-12' }, customer],
          decline: [{ type: 'decline', wordingVersion: 'dispute-options-2026-12' }, customer],
          defer: [{ type: 'defer', reminders: false, wordingVersion: 'dispute-options-2026-12' }, customer],
          withdraw_consent: [{ type: 'withdraw_consent' }, customer],
          reoffer: [{ type: 'reoffer', trigger: 'customer_asked' }, customer],
          refer: [{ type: 'refer' }, reviewer],
          record_acceptance: [{ type: 'record_acceptance', providerReference: 'P-1' }, reviewer],
          record_outcome: [{ type: 'record_outcome', outcome: pick(['upheld', 'not_upheld', 'settled'] as const), explanation: 'Decided.', ...(next() < 0.7 ? { remedy: 'Refund.' } : {}) }, reviewer],
          implement_remedy: [{ type: 'implement_remedy' }, reviewer],
          close: [{ type: 'close' }, reviewer],
        };
        const allowed = allowedDisputeCommands(dispute).filter((type) => steps[type]);
        if (allowed.length === 0) return;
        // mostly the next step forward, sometimes any step the stage allows (declining, deferring, taking consent back)
        const forward = (['consent', 'refer', 'record_acceptance', 'record_outcome', 'implement_remedy', 'close'] as const).find((type) => allowed.includes(type));
        const [command, actor] = steps[forward && next() < 0.75 ? forward : pick(allowed)] as [DisputeCommand, Actor];
        await disputes.act(reference, command, actor);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }

  /** Periods on and off month boundaries, open-ended or not, with and without the other filters. */
  function filters(cases: RawCase[]): IndicatorFilter[] {
    const received = cases.map((c) => Date.parse(c.receivedAt));
    const span = [Math.min(...received), Math.max(...received)];
    const instant = () => new Date(span[0] + next() * (span[1] - span[0] + DAY)).toISOString();
    const monthStart = () => `${instant().slice(0, 7)}-01T00:00:00.000Z`;
    const list: IndicatorFilter[] = [{}, { category: categories[0] }, { channel: 'webchat' }, { promiseId: pick(cases.flatMap((c) => c.deadlines.map((d) => d.promiseId))) }];
    for (let i = 0; i < 8; i++) {
      const [a, b] = [next() < 0.5 ? monthStart() : instant(), next() < 0.5 ? monthStart() : instant()].sort();
      const f: IndicatorFilter = {};
      if (next() < 0.8) f.from = a;
      if (next() < 0.8) f.to = b;
      if (next() < 0.3) f.category = pick(categories);
      if (next() < 0.3) f.channel = pick(['webchat', 'sms', 'api', 'phone']);
      list.push(f);
    }
    return list;
  }

  async function compare(): Promise<Awaited<ReturnType<typeof rawAnswers>>> {
    // the offers the workflow owes (a response rejected, a case left unresolved) are made by the outbox relay after
    // the step that owes them: made first, so that the raw rows and the reports read after them count the same offers
    await relay.drain();
    const cases = await rawCases(dataSource);
    const periods = filters(cases);
    await expectFiguresOf(indicators, cases, periods, [new Date(now).toISOString(), new Date(now - 20 * DAY).toISOString()]);
    const raw = await rawAnswers(dataSource);
    const asOf = new Date(now).toISOString();
    for (const filter of periods) {
      expect({ filter, report: await satisfactionReport.report(filter) }).toEqual({ filter, report: bruteSatisfaction(cases, raw, filter, asOf, minimum) });
      expect({ filter, report: await disputeReport.report(filter) }).toEqual({ filter, report: bruteDisputes(cases, raw, filter, asOf, minimum) });
    }
    return raw;
  }

  it('gives the same figures as counting every case, survey and dispute by hand, as cases come in and move, customers answer and disputes go on, and again after more changes', async () => {
    await play(220);
    // the months already summed go stale with these changes, and must be summed again; often, so that a month
    // touched by one write alone (an answer, a dispute's step) is caught if that write left no mark
    let raw = await compare();
    for (let round = 0; round < 6; round++) {
      await play(30);
      raw = await compare();
    }
    expect(references.length).toBeGreaterThan(60);
    // enough of each kind of answer that the figures are given, not only held back
    expect(raw.responses.filter((r) => r.handling !== null).length).toBeGreaterThan(minimum);
    expect(raw.disputes.filter((d) => d.referredAt !== null).length).toBeGreaterThan(minimum);
    expect(raw.disputes.filter((d) => d.remedyImplementedAt !== null).length).toBeGreaterThan(0);
  }, 600_000);
});
