import { describe, expect, it } from '@jest/globals';
import { loadProfile } from '../conduct/code-of-conduct.loader.js';
import type { ComplaintReport, PromiseReport } from '../indicators/indicators.service.js';
import { promiseFigures } from '../indicators/promise-figures.js';
import { datesGap, responseFigures, scoreFigures } from '../indicators/satisfaction-figures.js';
import type { SatisfactionReport } from '../indicators/satisfaction-report.service.js';
import { rate } from '../indicators/rate.js';
import { durationInWords, monthInWords, renderReportPage, type ReportPageData } from './render-report-page.js';
import { parseReportQuery } from './report-period.js';

const code = loadProfile('default');
const MIN = 2;
const filter = { from: '2026-02-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

const complaints: ComplaintReport = {
  asOf: '2026-04-02T10:00:00.000Z',
  minimum: MIN,
  filter,
  received: 6,
  reopenRate: rate(1, 4, MIN),
  withdrawalRate: rate(0, 6, MIN),
  timeToAcknowledge: { enoughData: true, count: 6, medianSeconds: 5400, p90Seconds: 86_400 },
  timeToFinalResponse: { enoughData: false, count: 1, minimum: MIN },
  volumes: {
    category: [{ key: 'delivery', count: 4 }, { key: 'billing', count: 2 }],
    channel: [{ key: 'sms', count: 6 }],
    rootCause: [{ key: 'people', count: 1 }, { key: 'process', count: 3 }, { key: null, count: 2 }],
    outcome: [{ key: 'Refunded', count: 4 }, { key: null, count: 2 }],
  },
  monthly: {
    category: [{ month: '2026-02', key: 'delivery', count: 1 }, { month: '2026-03', key: 'delivery', count: 3 }, { month: '2026-03', key: 'billing', count: 2 }],
    channel: [],
    rootCause: [],
    outcome: [],
  },
};

const promises: PromiseReport = {
  asOf: complaints.asOf,
  minimum: MIN,
  filter,
  promises: [promiseFigures({ promiseId: 'acknowledge', met: 5, missed: 1, pending: 0, notApplicable: 0 }, MIN)],
  trend: [
    promiseFigures({ promiseId: 'acknowledge', period: '2026-02', met: 1, missed: 0, pending: 0, notApplicable: 0 }, MIN),
    promiseFigures({ promiseId: 'acknowledge', period: '2026-03', met: 4, missed: 1, pending: 0, notApplicable: 0 }, MIN),
  ],
};

const satisfaction: SatisfactionReport = {
  asOf: complaints.asOf,
  minimum: MIN,
  filter,
  scores: {
    process: scoreFigures([{ score: 4, count: 2 }, { score: 5, count: 2 }], 5, MIN),
    outcome: scoreFigures([{ score: 3, count: 1 }], 5, MIN),
    effort: scoreFigures([{ score: 6, count: 4 }], 7, MIN),
  },
  responseRates: responseFigures([{ channel: 'sms', sent: 5, responded: 4 }], MIN),
  responseRate: rate(4, 5, MIN),
  datesKept: datesGap({ met: 5, missed: 1 }, { yes: 3, no: 1, notSure: 0 }, MIN),
  trend: [],
};

function page(): string {
  const parsed = parseReportQuery({ from: '2026-02', to: '2026-03' }, new Date(complaints.asOf));
  const data: ReportPageData = {
    query: parsed.query,
    problems: [],
    staff: { staffId: 'U0SUPER', role: 'supervisor', via: 'slack', signOutToken: 'tok"en' },
    complaints,
    promises,
    satisfaction,
    labels: {
      category: (id) => (id === 'delivery' ? 'Delivery' : id === 'billing' ? 'Billing' : 'None'),
      channel: (id) => (id === 'sms' ? 'SMS' : String(id)),
      rootCause: (id) => (id === null ? 'None recorded' : id === 'process' ? 'A process or procedure' : 'A person’s action or mistake'),
      outcome: (id) => (id === null ? 'Not closed yet' : id),
      promise: () => 'We acknowledge within a day',
    },
    categories: [{ id: 'delivery', label: 'Delivery' }],
    channels: [{ id: 'sms', label: 'SMS' }],
  };
  return renderReportPage(code, data);
}

const words = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe(renderReportPage.name, () => {
  const html = page();
  const text = words(html);

  it('puts the root causes in Pareto order with their cumulative share, in the table and the chart’s words', () => {
    expect(text).toContain('A process or procedure 3 50% None recorded 2 83.3% A person’s action or mistake 1 100%');
    expect(html).toContain('A process or procedure: 3, 50% cumulative; None recorded: 2, 83.3% cumulative');
  });

  it('gives the times as median and 90th percentile in words, and "not enough data" where there is too little', () => {
    expect(text).toContain('Time to acknowledge 1.5 hours 24 hours 6');
    expect(text).toContain('Time to a final response not enough data (1 of at least 2) not enough data 1');
    expect(html).toContain('Time to acknowledge: median 1.5 hours, 90th percentile 24 hours');
  });

  it('shows the promises by month, the volumes by month, and the satisfaction figures', () => {
    expect(text).toContain('Feb 2026 not enough data (1 of at least 2) Mar 2026 80% of 5');
    expect(text).toMatch(/Feb 2026 1 Mar 2026 5/u);
    expect(text).toContain('How we handled the complaint 4.5 of 5 4');
    expect(text).toContain('The outcome not enough data (1 of at least 2) 1');
    expect(text).toContain('SMS 80% (95% CI 38–96%, n = 5)');
    expect(text).toContain('Customers who said we kept our dates 75% (95% CI 30–95%, n = 4)');
    expect(text).toContain('Signed in as U0SUPER (supervisor, through Slack)');
  });

  it('escapes what it did not write, and draws every chart as an SVG with no script', () => {
    expect(html).toContain('value="tok&quot;en"');
    expect(html).not.toContain('<script');
    expect(html.match(/<svg/gu)?.length).toBe(8);
  });
});

describe('report page words', () => {
  it('says months and durations as a reader does', () => {
    expect(monthInWords('2026-12')).toBe('Dec 2026');
    expect(durationInWords(3600 * 47.9)).toBe('47.9 hours');
    expect(durationInWords(3600 * 60)).toBe('2.5 days');
  });
});
