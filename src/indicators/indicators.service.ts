import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { IndicatorsRepository, type Dimension, type Duration, type Grouping, type IndicatorFilter } from './indicators.repository.js';
import { promiseFigures, quantileOffsets, type DurationFigures, type PromiseFigures } from './promise-figures.js';
import { publishedPerformance, publishedQuarters, type PublishedPerformance } from './published-performance.js';
import { rate, type Rate } from './rate.js';

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
  volumes: Record<Dimension, { key: string | null; count: number }[]>;
  monthly: Record<Dimension, { month: string; key: string | null; count: number }[]>;
}

/** The indicators of ISO 10001 and 10002, from the database's aggregates, each with its count and interval. */
@Injectable()
export class IndicatorsService {
  readonly minimum: number;

  constructor(
    private readonly indicators: IndicatorsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'INDICATORS_MINIMUM_COUNT'>,
  ) {
    this.minimum = config.INDICATORS_MINIMUM_COUNT;
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
    const counts = await this.indicators.caseCounts(filter);
    const volumes = {} as ComplaintReport['volumes'];
    const monthly = {} as ComplaintReport['monthly'];
    for (const dimension of DIMENSIONS) {
      volumes[dimension] = await this.indicators.volumes(dimension, filter);
      monthly[dimension] = (await this.indicators.volumes(dimension, filter, true)).map(({ month, key, count }) => ({ month: month as string, key, count }));
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
    const count = await this.indicators.durationCount(duration, filter);
    const offsets = quantileOffsets(count, this.minimum);
    if (!offsets) return { enoughData: false, count, minimum: this.minimum };
    const [median, p90] = await Promise.all([
      this.indicators.durationAt(duration, filter, offsets.median),
      this.indicators.durationAt(duration, filter, offsets.p90),
    ]);
    return { enoughData: true, count, medianSeconds: median as number, p90Seconds: p90 as number };
  }
}
