import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { CodeOfConduct } from '../conduct/code-of-conduct.schema.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { IndicatorsRepository, type Dimension, type Duration, type Grouping, type IndicatorFilter } from './indicators.repository.js';
import { promiseFigures, quantileOffsets, type DurationFigures, type PromiseFigures } from './promise-figures.js';
import { countsOf, volumesOf } from './case-tallies.js';
import { publishedPerformance, publishedQuarters, type PublishedPerformance } from './published-performance.js';
import { rate, type Rate } from './rate.js';
import { labelOf, NO_LABELS, reportLabels, type ReportLabels } from './report-labels.js';

export type { IndicatorFilter } from './indicators.repository.js';

export const DIMENSIONS: readonly Dimension[] = ['category', 'channel', 'rootCause', 'outcome'];

export interface PromiseReport {
  asOf: string;
  minimum: number;
  filter: IndicatorFilter;
  promises: PromiseFigures[];
  /** The same figures by the month the complaints were received in, when asked for. */
  trend?: PromiseFigures[];
}

export interface ComplaintReport {
  asOf: string;
  minimum: number;
  filter: IndicatorFilter;
  received: number;
  /** Of the complaints ever closed or withdrawn, those reopened afterwards. */
  reopenRate: Rate;
  /** Of the complaints received, those the customer withdrew (even if reopened later). */
  withdrawalRate: Rate;
  /** Elapsed time, received to acknowledged, and received to the first final response. */
  timeToAcknowledge: DurationFigures;
  timeToFinalResponse: DurationFigures;
  /** Category, root cause and outcome volumes also carry their `label` (see `labelOf`); channels have none. */
  volumes: Record<Dimension, Volume[]>;
  monthly: Record<Dimension, (Volume & { month: string })[]>;
}

export interface Volume {
  key: string | null;
  /** What the code of conduct calls the key; null for no key or one the code no longer lists. */
  label?: string | null;
  count: number;
}

/** The indicators of ISO 10001 and 10002, from the database's aggregates, each with its count and interval. */
@Injectable()
export class IndicatorsService {
  readonly minimum: number;
  private readonly labels: ReportLabels;

  constructor(
    private readonly indicators: IndicatorsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'INDICATORS_MINIMUM_COUNT'>,
    // the labels of the ids the reports give; a report built without the code gives ids alone
    @Optional() @Inject(CodeOfConductService) conduct?: { code: Pick<CodeOfConduct, 'categories' | 'rootCauses'> },
  ) {
    this.minimum = config.INDICATORS_MINIMUM_COUNT;
    this.labels = conduct ? reportLabels(conduct.code) : NO_LABELS;
  }

  async promises(filter: IndicatorFilter, grouping?: Grouping): Promise<PromiseReport> {
    const asOf = this.clock.now().toISOString();
    const overall = await this.indicators.promiseOutcomes(filter, asOf);
    const report: PromiseReport = { asOf, minimum: this.minimum, filter, promises: overall.map((counts) => promiseFigures(counts, this.minimum)) };
    if (grouping) {
      report.trend = (await this.indicators.promiseOutcomes(filter, asOf, grouping)).map((counts) => promiseFigures(counts, this.minimum));
    }
    return report;
  }

  async complaints(filter: IndicatorFilter): Promise<ComplaintReport> {
    const asOf = this.clock.now().toISOString();
    const counts = countsOf(await this.indicators.caseTallies(null, filter));
    const volumes = {} as ComplaintReport['volumes'];
    const monthly = {} as ComplaintReport['monthly'];
    for (const dimension of DIMENSIONS) {
      const label = (key: string | null) => (dimension === 'channel' ? {} : { label: labelOf(dimension, key, this.labels) });
      const tallies = await this.indicators.caseTallies(dimension, filter);
      volumes[dimension] = volumesOf(tallies, false).map(({ key, count }) => ({ key, ...label(key), count }));
      monthly[dimension] = volumesOf(tallies, true).map(({ month, key, count }) => ({ month: month as string, key, ...label(key), count }));
    }
    return {
      asOf,
      minimum: this.minimum,
      filter,
      received: counts.received,
      reopenRate: rate(counts.reopened, counts.ended, this.minimum),
      withdrawalRate: rate(counts.withdrawn, counts.received, this.minimum),
      timeToAcknowledge: await this.duration('acknowledge', filter),
      timeToFinalResponse: await this.duration('finalResponse', filter),
      volumes,
      monthly,
    };
  }

  /** Complaints closed in [from, to), by when they were closed; see IndicatorsRepository.closedCount. */
  async closed(period: { from: string; to: string; category?: string; channel?: string }): Promise<number> {
    return this.indicators.closedCount(period);
  }

  /** What the code of conduct publishes: each of `promises` kept over the last four complete quarters, and by quarter. */
  async published(promises: readonly { id: string; text: string }[]): Promise<PublishedPerformance> {
    const now = this.clock.now();
    const period = publishedQuarters(now);
    const filter = { from: period.from, to: period.to };
    const overall = await this.indicators.promiseOutcomes(filter, now.toISOString());
    const byQuarter = await this.indicators.promiseOutcomes(filter, now.toISOString(), 'quarter');
    return publishedPerformance(promises, period, overall, byQuarter, this.minimum);
  }

  private async duration(duration: Duration, filter: IndicatorFilter): Promise<DurationFigures> {
    const histogram = await this.indicators.durationHistogram(duration, filter);
    const count = [...histogram.values()].reduce((sum, n) => sum + n, 0);
    const offsets = quantileOffsets(count, this.minimum);
    if (!offsets) return { enoughData: false, count, minimum: this.minimum };
    const median = await this.indicators.durationAt(duration, filter, offsets.median, histogram);
    const p90 = await this.indicators.durationAt(duration, filter, offsets.p90, histogram);
    return { enoughData: true, count, medianSeconds: median as number, p90Seconds: p90 as number };
  }
}
