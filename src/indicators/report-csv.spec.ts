import { describe, expect, it } from '@jest/globals';
import type { ComplaintReport } from './indicators.service.js';
import { complaintReportCsv, disputeReportCsv, promiseReportCsv, satisfactionReportCsv } from './report-csv.js';
import { datesGap, satisfactionTrend, scoreFigures } from './satisfaction-figures.js';
import type { SatisfactionReport } from './satisfaction-report.service.js';
import { promiseFigures } from './promise-figures.js';
import { rate } from './rate.js';

const none = { category: [], channel: [], rootCause: [], outcome: [] };

function aReport(overrides: Partial<ComplaintReport> = {}): ComplaintReport {
  return {
    asOf: '2026-06-01T00:00:00.000Z',
    minimum: 30,
    filter: {},
    received: 40,
    reopenRate: rate(3, 30, 30),
    withdrawalRate: rate(4, 40, 30),
    timeToAcknowledge: { enoughData: true, count: 36, medianSeconds: 3600, p90Seconds: 86_400 },
    timeToFinalResponse: { enoughData: false, count: 12, minimum: 30 },
    volumes: none,
    monthly: none,
    ...overrides,
  };
}

describe(complaintReportCsv.name, () => {
  it('writes one figure a row, rates as proportions with their interval, and "not enough data" below the minimum', () => {
    const lines = complaintReportCsv(aReport()).trimEnd().split('\n');
    expect(lines).toEqual([
      'figure,month,key,label,count,value,ci95_low,ci95_high',
      'received,all,,,40,,,',
      'reopen_rate,all,,,30,0.1,0.0346,0.2562',
      'withdrawal_rate,all,,,40,0.1,0.0396,0.2305',
      'time_to_acknowledge_median_seconds,all,,,36,3600,,',
      'time_to_acknowledge_p90_seconds,all,,,36,86400,,',
      'time_to_final_response_median_seconds,all,,,12,not enough data,,',
      'time_to_final_response_p90_seconds,all,,,12,not enough data,,',
    ]);
  });

  it('keeps an outcome staff typed as text: quoted, and never a spreadsheet formula', () => {
    const outcome = [
      { key: '=HYPERLINK("http://x")', label: '=HYPERLINK("http://x")', count: 1 },
      { key: 'Refunded, with apology', label: 'Refunded, with apology', count: 2 },
      { key: null, label: null, count: 3 },
    ];
    const csv = complaintReportCsv(aReport({ volumes: { ...none, outcome } }));
    expect(csv).toContain(`volume_by_outcome,all,"'=HYPERLINK(""http://x"")","'=HYPERLINK(""http://x"")",1,,,`);
    expect(csv).toContain('volume_by_outcome,all,"Refunded, with apology","Refunded, with apology",2,,,');
    expect(csv).toContain('volume_by_outcome,all,,,3,,,');
  });

  it('writes each category and root cause with its label from the code of conduct, overall and by month', () => {
    const csv = complaintReportCsv(
      aReport({
        volumes: { ...none, category: [{ key: 'delivery', label: 'Delivery', count: 3 }, { key: 'gone', label: null, count: 1 }], rootCause: [{ key: 'third-party', label: 'A supplier or partner', count: 2 }] },
        monthly: { ...none, rootCause: [{ month: '2026-03', key: 'third-party', label: 'A supplier or partner', count: 2 }] },
      }),
    );
    expect(csv).toContain('volume_by_category,all,delivery,Delivery,3,,,');
    expect(csv).toContain('volume_by_category,all,gone,,1,,,');
    expect(csv).toContain('volume_by_root_cause,all,third-party,A supplier or partner,2,,,');
    expect(csv).toContain('volume_by_root_cause,2026-03,third-party,A supplier or partner,2,,,');
  });
});

describe(promiseReportCsv.name, () => {
  it('writes the overall rows, then the trend by period', () => {
    const csv = promiseReportCsv({
      asOf: '2026-06-01T00:00:00.000Z',
      minimum: 30,
      filter: {},
      promises: [promiseFigures({ promiseId: 'acknowledge', met: 27, missed: 3, pending: 1, notApplicable: 2 }, 30)],
      trend: [promiseFigures({ promiseId: 'acknowledge', period: '2026-Q1', met: 20, missed: 2, pending: 0, notApplicable: 1 }, 30)],
    });
    expect(csv.trimEnd().split('\n')).toEqual([
      'period,promise_id,deadlines,met,missed,pending,not_applicable,met_rate,met_rate_ci95_low,met_rate_ci95_high',
      'all,acknowledge,33,27,3,1,2,0.9,0.7438,0.9654',
      '2026-Q1,acknowledge,23,20,2,0,1,not enough data,,',
    ]);
  });
});

describe(satisfactionReportCsv.name, () => {
  it('writes each mean and score count, the response rates, and both sides of the dates kept with the gap', () => {
    const scores = (count: number) => scoreFigures(count ? [{ score: 4, count }] : [], 5, 2);
    const report: SatisfactionReport = {
      asOf: '2026-06-01T00:00:00.000Z',
      minimum: 2,
      filter: {},
      scores: { process: scores(3), outcome: scores(1), effort: scoreFigures([{ score: 7, count: 2 }], 7, 2) },
      responseRates: [{ channel: '=sms', responseRate: rate(1, 2, 2) }],
      responseRate: rate(1, 2, 2),
      datesKept: datesGap({ met: 3, missed: 1 }, { yes: 1, no: 1, notSure: 2 }, 2),
      trend: satisfactionTrend(
        {
          scores: [{ month: '2026-03', process: { sum: 7, count: 2 }, outcome: { sum: 4, count: 1 }, effort: { sum: 0, count: 0 } }],
          responses: [{ month: '2026-03', sent: 3, responded: 2 }],
          datesKept: [{ month: '2026-03', yes: 2, no: 0, notSure: 0 }],
          deadlines: [{ month: '2026-03', met: 1, missed: 1 }, { month: '2026-04', met: 2, missed: 0 }],
        },
        2,
      ),
    };
    const lines = satisfactionReportCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe('figure,month,key,count,value,ci95_low,ci95_high');
    expect(lines).toContain('process_score_mean,all,,3,4,,');
    expect(lines).toContain('process_score_count,all,4,3,,,');
    expect(lines).toContain('outcome_score_mean,all,,1,not enough data,,');
    expect(lines).toContain('effort_score_count,all,7,2,,,');
    expect(lines).toContain("response_rate,all,'=sms,2,0.5,0.0945,0.9055");
    expect(lines).toContain('response_rate,all,,2,0.5,0.0945,0.9055');
    expect(lines).toContain('promises_met_rate,all,,4,0.75,0.3006,0.9544');
    expect(lines).toContain('customers_say_dates_kept_rate,all,,2,0.5,0.0945,0.9055');
    expect(lines).toContain('customers_not_sure_dates_kept,all,,2,,,');
    expect(lines).toContain('dates_kept_gap_points,all,,,25,,');
    // March: process (3 + 4) / 2, one outcome answer, two of three surveys answered, 1 of 2 met against 2 of 2 "yes"
    expect(lines).toContain('process_score_mean,2026-03,,2,3.5,,');
    expect(lines).toContain('outcome_score_mean,2026-03,,1,not enough data,,');
    expect(lines).toContain('effort_score_mean,2026-03,,0,not enough data,,');
    expect(lines).toContain('response_rate,2026-03,,3,0.6667,0.2077,0.9385');
    expect(lines).toContain('promises_met_rate,2026-03,,2,0.5,0.0945,0.9055');
    expect(lines).toContain('customers_say_dates_kept_rate,2026-03,,2,1,0.3424,1');
    expect(lines).toContain('dates_kept_gap_points,2026-03,,,-50,,');
    // April: deadlines only, no survey
    expect(lines).toContain('response_rate,2026-04,,0,not enough data,,');
    expect(lines).toContain('promises_met_rate,2026-04,,2,1,0.3424,1');
    expect(lines).toContain('dates_kept_gap_points,2026-04,,,not enough data,,');
  });
});

describe(disputeReportCsv.name, () => {
  it('writes the offers, the three rates with their intervals, and the mean days or "not enough data"', () => {
    const base = { asOf: '2026-06-01T00:00:00.000Z', minimum: 2, filter: {}, offered: 5, consentRate: rate(4, 5, 2), referralRate: rate(3, 5, 2), upholdRate: rate(1, 3, 2) };
    expect(disputeReportCsv({ ...base, daysToImplement: { enoughData: true, count: 2, mean: 2.5 } }).trimEnd().split('\n')).toEqual([
      'figure,count,value,ci95_low,ci95_high',
      'offered,5,,,',
      'consent_rate,5,0.8,0.3755,0.9638',
      'referral_rate,5,0.6,0.2307,0.8824',
      'uphold_rate,3,0.3333,0.0615,0.7923',
      'mean_days_to_implement_remedy,2,2.5,,',
    ]);
    expect(disputeReportCsv({ ...base, daysToImplement: { enoughData: false, count: 1, minimum: 2 } })).toContain('mean_days_to_implement_remedy,1,not enough data,,');
  });
});
