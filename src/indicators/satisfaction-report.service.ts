import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { SCALES } from '../satisfaction/survey-questions.js';
import { IndicatorsRepository, type IndicatorFilter } from './indicators.repository.js';
import { rate, type Rate } from './rate.js';
import {
  datesGap,
  responseFigures,
  satisfactionTrend,
  scoreFigures,
  type ChannelResponseFigures,
  type DatesGap,
  type SatisfactionMonth,
  type ScoreFigures,
} from './satisfaction-figures.js';
import { SatisfactionReportRepository, type SatisfactionCounts, type ScoreQuestion } from './satisfaction-report.repository.js';

export interface SatisfactionReport {
  asOf: string;
  minimum: number;
  filter: IndicatorFilter;
  /** How the complaint was handled (1-5), the outcome (1-5), and how easy it was (1-7, higher is easier). */
  scores: Record<ScoreQuestion, ScoreFigures>;
  /** Per channel the survey went by. */
  responseRates: ChannelResponseFigures[];
  /** Of every survey sent, by any channel, those with at least one answer. */
  responseRate: Rate;
  datesKept: DatesGap;
  /** The same figures (means with their counts) by the month the complaints were received in. */
  trend: SatisfactionMonth[];
}

const SCALE: Record<ScoreQuestion, number> = { process: SCALES.handling, outcome: SCALES.outcome, effort: SCALES.effort };

/** The ISO 10004 figures: what customers said of the handling, and whether that matches the promises kept. */
@Injectable()
export class SatisfactionReportService {
  readonly minimum: number;

  constructor(
    private readonly satisfaction: SatisfactionReportRepository,
    private readonly indicators: IndicatorsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'INDICATORS_MINIMUM_COUNT'>,
  ) {
    this.minimum = config.INDICATORS_MINIMUM_COUNT;
  }

  async report(filter: IndicatorFilter): Promise<SatisfactionReport> {
    const asOf = this.clock.now().toISOString();
    const counts = await this.satisfaction.counts(filter);
    const scores = {} as SatisfactionReport['scores'];
    for (const question of ['process', 'outcome', 'effort'] as const) {
      scores[question] = scoreFigures(await this.satisfaction.scores(question, filter, counts), SCALE[question], this.minimum);
    }
    // by month, once: the months split the complaints, so their sums are the whole period's
    const byMonth = (await this.indicators.promiseOutcomes(filter, asOf, 'month')).map(({ period, met, missed }) => ({ month: period as string, met, missed }));
    const deadlines = byMonth.reduce((sum, row) => ({ met: sum.met + row.met, missed: sum.missed + row.missed }), { met: 0, missed: 0 });
    const responses = await this.satisfaction.responses(filter, counts);
    const all = responses.reduce((sum, row) => ({ sent: sum.sent + row.sent, responded: sum.responded + row.responded }), { sent: 0, responded: 0 });
    return {
      asOf,
      minimum: this.minimum,
      filter,
      scores,
      responseRates: responseFigures(responses, this.minimum),
      responseRate: rate(all.responded, all.sent, this.minimum),
      datesKept: datesGap(deadlines, await this.satisfaction.datesKept(filter, counts), this.minimum),
      trend: await this.trend(filter, counts, byMonth),
    };
  }

  private async trend(filter: IndicatorFilter, counts: SatisfactionCounts, deadlines: { month: string; met: number; missed: number }[]): Promise<SatisfactionMonth[]> {
    return satisfactionTrend(
      {
        scores: await this.satisfaction.monthlyScores(filter, counts),
        responses: await this.satisfaction.monthlyResponses(filter, counts),
        datesKept: await this.satisfaction.monthlyDatesKept(filter, counts),
        deadlines,
      },
      this.minimum,
    );
  }
}
