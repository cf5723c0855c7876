import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

/** The CSV's rows by header; none of these figures holds a comma, a quote or a line break. */
function parse(text: string, _options: { columns: true }): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split(/\r?\n/u).map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

const supervisor = { 'x-staff-id': 'U-SUP', 'x-staff-role': 'supervisor' };

describe.each(dialects())('staff reports API on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    // Monday 2 March 2026; the default code promises an acknowledgement within one business day.
    server = await startApp(dialect, { INDICATORS_MINIMUM_COUNT: '2' }, '2026-03-02T10:00:00.000Z');
    const file = async (category: string, acknowledge: boolean) => {
      const response = await server.request('POST', '/api/complaints', {
        body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category, description: 'The parcel never came.', acknowledge },
      });
      expect(response.status).toBe(201);
      return response.body.reference as string;
    };
    await file('delivery', true);
    const withdrawn = await file('delivery', false);
    await file('billing', false);
    server.clock.set('2026-03-02T11:00:00.000Z');
    const response = await server.request('POST', `/api/complaints/${withdrawn}/actions`, { body: { action: 'withdraw', reason: 'Sorted out' }, headers: supervisor });
    expect(response.status).toBe(200);
    // a week later the third is still not acknowledged
    server.clock.set('2026-03-09T10:00:00.000Z');
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('gives each promise its deadlines met, missed, pending and made moot, and % met with its interval', async () => {
    const response = await server.request('GET', '/api/reports/promises');
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(response.body.promises.map((p: { promiseId: string }) => [p.promiseId, p]));
    // acknowledged at once; withdrawn before it was due (moot); never acknowledged (missed)
    expect(byId.acknowledge).toMatchObject({
      deadlines: 3,
      met: { enoughData: true, successes: 1, count: 2, value: 0.5, interval: { low: expect.any(Number), high: expect.any(Number) } },
      shares: { missed: { successes: 1 }, pending: { successes: 0 }, notApplicable: { successes: 1 } },
    });
    expect(byId.acknowledge.met.interval.low).toBeCloseTo(0.0945, 4);
    expect(byId.acknowledge.met.interval.high).toBeCloseTo(0.9055, 4);
    // two answers still due, one moot: nothing decided, so no percentage
    expect(byId['final-response']).toMatchObject({ deadlines: 3, met: { enoughData: false, count: 0, minimum: 2 }, shares: { pending: { successes: 2 }, notApplicable: { successes: 1 } } });
    expect(response.body.minimum).toBe(2);
  });

  it('filters the promises by category, period and promise, with a trend by month', async () => {
    const billing = await server.request('GET', '/api/reports/promises?category=billing&promise=acknowledge&by=month');
    expect(billing.body.promises).toEqual([expect.objectContaining({ promiseId: 'acknowledge', deadlines: 1, met: { enoughData: false, successes: 0, count: 1, minimum: 2 } })]);
    expect(billing.body.trend).toEqual([expect.objectContaining({ promiseId: 'acknowledge', period: '2026-03', deadlines: 1 })]);
    const later = await server.request('GET', '/api/reports/promises?from=2026-04-01T00:00:00Z');
    expect(later.body.promises).toEqual([]);
  });

  it('downloads the promises as CSV', async () => {
    const response = await server.request('GET', '/api/reports/promises?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="promises.csv"');
    const rows = parse(response.text, { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.promise_id === 'acknowledge')).toMatchObject({ period: 'all', deadlines: '3', met: '1', missed: '1', pending: '0', not_applicable: '1', met_rate: '0.5', met_rate_ci95_low: '0.0945', met_rate_ci95_high: '0.9055' });
    expect(rows.find((row) => row.promise_id === 'final-response')).toMatchObject({ met_rate: 'not enough data', met_rate_ci95_low: '' });
  });

  it('gives the complaints by category and channel, the withdrawal rate and the time to acknowledge', async () => {
    const response = await server.request('GET', '/api/reports/complaints');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      received: 3,
      withdrawalRate: { enoughData: true, successes: 1, count: 3 },
      reopenRate: { enoughData: false, successes: 0, count: 1, minimum: 2 },
      timeToAcknowledge: { enoughData: false, count: 1, minimum: 2 },
      volumes: {
        category: [{ key: 'delivery', label: 'Delivery', count: 2 }, { key: 'billing', label: 'Billing', count: 1 }],
        channel: [{ key: 'api', count: 3 }],
        rootCause: [{ key: null, label: null, count: 3 }],
        outcome: [{ key: null, label: null, count: 3 }],
      },
      monthly: { category: [{ month: '2026-03', key: 'delivery', label: 'Delivery', count: 2 }, { month: '2026-03', key: 'billing', label: 'Billing', count: 1 }] },
    });
    const csv = parse((await server.request('GET', '/api/reports/complaints?format=csv&category=delivery')).text, { columns: true }) as Record<string, string>[];
    expect(csv).toEqual(
      expect.arrayContaining([
        { figure: 'received', month: 'all', key: '', label: '', count: '2', value: '', ci95_low: '', ci95_high: '' },
        expect.objectContaining({ figure: 'withdrawal_rate', count: '2', value: '0.5' }),
        expect.objectContaining({ figure: 'time_to_acknowledge_median_seconds', count: '1', value: 'not enough data' }),
        { figure: 'volume_by_category', month: 'all', key: 'delivery', label: 'Delivery', count: '2', value: '', ci95_low: '', ci95_high: '' },
        { figure: 'volume_by_category', month: '2026-03', key: 'delivery', label: 'Delivery', count: '2', value: '', ci95_low: '', ci95_high: '' },
      ]),
    );
  });

  it.each([
    ['from=yesterday', [{ field: 'from', message: expect.stringContaining('must be a date and time') }]],
    ['from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z', [{ field: 'to', message: 'must be after from' }]],
    ['format=xml', [{ field: 'format', message: 'must be json or csv' }]],
    ['by=week', [{ field: 'by', message: 'must be month or quarter' }]],
    ['category=Delivery%20Issues', [{ field: 'category', message: expect.stringContaining('must be a slug') }]],
    ['colour=blue', [{ field: 'colour', message: 'is not a field this takes' }]],
  ])('refuses the query %s, naming the offending parameter', async (query, fields) => {
    const response = await server.request('GET', `/api/reports/promises?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', fields });
  });

  it('takes no promise filter on the complaints report', async () => {
    const response = await server.request('GET', '/api/reports/complaints?promise=acknowledge');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'promise' }] });
  });

  it('answers only callers with the staff key', async () => {
    for (const path of ['/api/reports/promises', '/api/reports/complaints?format=csv']) {
      expect((await server.request('GET', path, { auth: false })).status).toBe(401);
    }
  });

  it('gives the satisfaction report: no survey answered yet, beside the deadlines met', async () => {
    const response = await server.request('GET', '/api/reports/satisfaction');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      minimum: 2,
      scores: {
        process: { enoughData: false, count: 0, scale: 5, minimum: 2 },
        outcome: { enoughData: false, count: 0, scale: 5 },
        effort: { enoughData: false, count: 0, scale: 7 },
      },
      responseRates: [],
      responseRate: { enoughData: false, successes: 0, count: 0, minimum: 2 },
      // the acknowledgement promise: one met, one missed; the answers still owed are pending
      datesKept: { promisesMet: { enoughData: true, successes: 1, count: 2, value: 0.5 }, customersSayKept: { enoughData: false, count: 0 }, notSure: 0, gapPoints: null },
      // every complaint came in March: no survey yet, so only the deadlines side of the gap
      trend: [
        {
          month: '2026-03',
          scores: { process: { enoughData: false, count: 0, minimum: 2 }, outcome: { enoughData: false, count: 0, minimum: 2 }, effort: { enoughData: false, count: 0, minimum: 2 } },
          responseRate: { enoughData: false, successes: 0, count: 0, minimum: 2 },
          datesKept: { promisesMet: { enoughData: true, successes: 1, count: 2, value: 0.5 }, customersSayKept: { enoughData: false, count: 0 }, notSure: 0, gapPoints: null },
        },
      ],
    });
    expect(response.body.scores.effort.distribution).toHaveLength(7);
    expect((await server.request('GET', '/api/reports/satisfaction?from=2026-04-01T00:00:00Z')).body.trend).toEqual([]);

    const csv = await server.request('GET', '/api/reports/satisfaction?format=csv&category=delivery');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="satisfaction.csv"');
    expect(parse(csv.text, { columns: true })).toEqual(
      expect.arrayContaining([
        { figure: 'process_score_mean', month: 'all', key: '', count: '0', value: 'not enough data', ci95_low: '', ci95_high: '' },
        { figure: 'effort_score_count', month: 'all', key: '7', count: '0', value: '', ci95_low: '', ci95_high: '' },
        // of the delivery complaints, one acknowledged in time and one withdrawn first
        { figure: 'promises_met_rate', month: 'all', key: '', count: '1', value: 'not enough data', ci95_low: '', ci95_high: '' },
        { figure: 'dates_kept_gap_points', month: 'all', key: '', count: '', value: 'not enough data', ci95_low: '', ci95_high: '' },
        { figure: 'promises_met_rate', month: '2026-03', key: '', count: '1', value: 'not enough data', ci95_low: '', ci95_high: '' },
        { figure: 'response_rate', month: '2026-03', key: '', count: '0', value: 'not enough data', ci95_low: '', ci95_high: '' },
      ]),
    );

    const refused = await server.request('GET', '/api/reports/satisfaction?promise=acknowledge&to=soon');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', fields: expect.arrayContaining([expect.objectContaining({ field: 'to' }), expect.objectContaining({ field: 'promise' })]) });
    expect((await server.request('GET', '/api/reports/satisfaction', { auth: false })).status).toBe(401);
  });

  it('gives the disputes report: none offered yet, so no rate', async () => {
    const response = await server.request('GET', '/api/reports/disputes?channel=api');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      offered: 0,
      consentRate: { enoughData: false, count: 0, minimum: 2 },
      upholdRate: { enoughData: false, count: 0 },
      daysToImplement: { enoughData: false, count: 0 },
    });
    const csv = await server.request('GET', '/api/reports/disputes?format=csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="disputes.csv"');
    expect(parse(csv.text, { columns: true })).toContainEqual({ figure: 'uphold_rate', count: '0', value: 'not enough data', ci95_low: '', ci95_high: '' });
    expect((await server.request('GET', '/api/reports/disputes?format=pdf')).status).toBe(400);
    expect((await server.request('GET', '/api/reports/disputes', { auth: false })).status).toBe(401);
  });

  // Last: it moves the clock on, which the figures above are counted at.
  it('publishes how each promise was kept on the code of conduct page and in its JSON, by quarter, aggregates only', async () => {
    // In July the four complete quarters are July 2025 to June 2026; the three complaints came in March.
    server.clock.set('2026-07-01T09:00:00.000Z');
    const json = await server.request('GET', '/code-of-conduct.json', { auth: false });
    expect(json.status).toBe(200);
    expect(json.body.promises.length).toBeGreaterThan(0);
    const { performance } = json.body;
    expect(performance).toMatchObject({ from: '2025-07-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z', quarters: ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'], minimum: 2 });
    const acknowledge = performance.promises.find((p: { promiseId: string }) => p.promiseId === 'acknowledge');
    expect(acknowledge.overall).toMatchObject({ enoughData: true, successes: 1, count: 2, value: 0.5 });
    expect(acknowledge.byQuarter.map((q: { quarter: string; met: { count: number } }) => [q.quarter, q.met.count])).toEqual([['2025-Q3', 0], ['2025-Q4', 0], ['2026-Q1', 2], ['2026-Q2', 0]]);
    // both answers still owed are now overdue
    expect(performance.promises.find((p: { promiseId: string }) => p.promiseId === 'final-response').overall).toMatchObject({ successes: 0, count: 2, value: 0 });
    expect(JSON.stringify(performance)).not.toMatch(/reference|\+44/u);

    const page = await server.request('GET', '/code-of-conduct', { auth: false });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2 id="how-we-are-doing">How we are doing</h2>');
    expect(page.text).toContain('for the complaints we received from 1 July 2025 to 30 June 2026');
    const row = page.text.split('\n').find((line) => line.includes(`<th scope="row">${acknowledge.text.slice(0, 20)}`));
    expect(row).toContain('<td>50% of 2</td><td>Not enough data yet</td><td>Not enough data yet</td><td>50% of 2</td><td>Not enough data yet</td>');
  });

  it('documents the report routes in /docs with the other staff routes', async () => {
    const spec = await server.request('GET', '/docs/openapi.json', { auth: false });
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/reports/promises', '/api/reports/complaints', '/api/reports/satisfaction', '/api/reports/disputes']));
    expect(spec.body.paths['/api/reports/promises'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'category', 'channel', 'promise', 'by', 'format']);
    expect(spec.body.paths['/api/reports/complaints'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'category', 'channel', 'format']);
    expect(spec.body.paths['/api/reports/disputes'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'category', 'channel', 'format']);
    expect(spec.body.paths['/api/reports/satisfaction'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'category', 'channel', 'format']);
    expect(spec.body.paths['/api/reports/satisfaction'].get.summary).toContain('month by month');
    expect(spec.body.paths['/api/reports/complaints'].get.summary).toContain("the code of conduct's label");
    const page = await server.request('GET', '/docs', { auth: false });
    expect(page.text).toContain('/api/reports/promises');
    expect(page.text).toContain('/api/reports/complaints');
  });
});
