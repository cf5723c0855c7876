import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { IndicatorFilter } from './indicators.repository.js';
import { DisputeReportRepository } from './dispute-report.repository.js';
import { rate, type Rate } from './rate.js';

export interface DisputeReport {
  asOf: string;
  minimum: number;
  filter: IndicatorFilter;
  offered: number;
  /** Of the disputes offered. */
  consentRate: Rate;
  referralRate: Rate;
  /** Upheld of those upheld, not upheld or settled. */
  upholdRate: Rate;
  /** Days from the outcome to the remedy carried out, over `count` remedies; withheld below the minimum. */
  daysToImplement: { enoughData: true; count: number; mean: number } | { enoughData: false; count: number; minimum: number };
}

/** The ISO 10003 report: offers, consents, referrals, the uphold rate and how soon remedies were carried out. */
@Injectable()
export class DisputeReportService {
  readonly minimum: number;

  constructor(
    private readonly disputes: DisputeReportRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'INDICATORS_MINIMUM_COUNT'>,
  ) {
    this.minimum = config.INDICATORS_MINIMUM_COUNT;
  }

  async report(filter: IndicatorFilter): Promise<DisputeReport> {
    const counts = await this.disputes.counts(filter);
    const count = counts.remediesImplemented;
    return {
      asOf: this.clock.now().toISOString(),
      minimum: this.minimum,
      filter,
      offered: counts.offered,
      consentRate: rate(counts.consented, counts.offered, this.minimum),
      referralRate: rate(counts.referred, counts.offered, this.minimum),
      upholdRate: rate(counts.upheld, counts.decided, this.minimum),
      daysToImplement:
        count >= Math.max(1, this.minimum) && counts.meanDaysToImplement !== null
          ? { enoughData: true, count, mean: counts.meanDaysToImplement }
          : { enoughData: false, count, minimum: this.minimum },
    };
  }
}
