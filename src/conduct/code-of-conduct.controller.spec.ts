import { describe, expect, it } from '@jest/globals';
import type { IndicatorsService } from '../indicators/indicators.service.js';
import type { PublishedPerformance } from '../indicators/published-performance.js';
import { loadProfile } from './code-of-conduct.loader.js';
import { CodeOfConductController } from './code-of-conduct.controller.js';
import { CodeOfConductService } from './code-of-conduct.service.js';

const code = loadProfile('default');

/** Stands in for the indicators: counts how often it is asked, and fails while told to. */
class FakeIndicators {
  asked = 0;
  failing = false;
  async published(promises: readonly { id: string; text: string }[]): Promise<PublishedPerformance> {
    this.asked += 1;
    if (this.failing) throw new Error('database unreachable');
    const none = { enoughData: false as const, successes: 0, count: 0, minimum: 30 };
    return { from: '2025-10-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', quarters: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'], minimum: 30, promises: promises.map((p) => ({ promiseId: p.id, text: p.text, overall: none, byQuarter: [] })) };
  }
}

function controllerAt(now: { value: string }, indicators: FakeIndicators) {
  return new CodeOfConductController(new CodeOfConductService(code), indicators as unknown as IndicatorsService, { now: () => new Date(now.value) });
}

describe(CodeOfConductController.name, () => {
  it('counts the published figures at most every ten minutes', async () => {
    const now = { value: '2026-12-05T03:00:00.000Z' };
    const indicators = new FakeIndicators();
    const controller = controllerAt(now, indicators);
    await controller.page();
    now.value = '2026-12-05T03:09:59.000Z';
    await controller.json();
    expect(indicators.asked).toBe(1);
    now.value = '2026-12-05T03:10:00.000Z';
    expect((await controller.json()).performance).toBeDefined();
    expect(indicators.asked).toBe(2);
  });

  it('still publishes the code when the figures cannot be counted, without them and without promising them', async () => {
    const indicators = new FakeIndicators();
    indicators.failing = true;
    const controller = controllerAt({ value: '2026-12-05T03:00:00.000Z' }, indicators);
    const html = await controller.page();
    expect(html).toContain('<h2 id="promises">Our promises to you</h2>');
    expect(html).not.toContain('How we are doing');
    expect(html).not.toContain('how often we keep');
    expect(await controller.json()).not.toHaveProperty('performance');
    // and it tries again next time, not ten minutes later
    indicators.failing = false;
    expect(await controller.page()).toContain('How we are doing');
  });
});
