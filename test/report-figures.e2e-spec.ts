import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DomainError } from '../src/common/domain-error.js';
import { ComplaintsService } from '../src/complaints/complaints.service.js';
import type { Actor, ComplaintCommand } from '../src/complaints/domain/complaint.commands.js';
import { CodeOfConductService } from '../src/conduct/code-of-conduct.service.js';
import { IndicatorsRepository, type IndicatorFilter } from '../src/indicators/indicators.repository.js';
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
  let dataSource: DataSource;
  let categories: string[];
  let rootCauses: string[];
  const references: string[] = [];
  const next = random(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const supervisor: Actor = { kind: 'staff', id: 'U0SUPER', role: 'supervisor' };
  const customer: Actor = { kind: 'customer' };
  let now = Date.parse('2026-01-05T09:00:00.000Z');

  beforeAll(async () => {
    server = await startApp(dialect, {}, new Date(now).toISOString());
    complaints = server.app.get(ComplaintsService);
    indicators = server.app.get(IndicatorsRepository);
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

  async function compare(): Promise<void> {
    const cases = await rawCases(dataSource);
    await expectFiguresOf(indicators, cases, filters(cases), [new Date(now).toISOString(), new Date(now - 20 * DAY).toISOString()]);
  }

  it('gives the same figures as counting every case by hand, as cases come in and move, and again after more changes', async () => {
    await play(220);
    await compare();
    // the months already summed go stale with these changes, and must be summed again
    await play(180);
    await compare();
    expect(references.length).toBeGreaterThan(60);
  }, 600_000);
});
