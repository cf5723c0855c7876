import { Injectable } from '@nestjs/common';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { OPEN_STATUSES } from '../../src/complaints/domain/complaint.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { IndicatorsService } from '../../src/indicators/indicators.service.js';
import { SatisfactionReportService } from '../../src/indicators/satisfaction-report.service.js';
import { targetInWords } from '../../src/conduct/target-words.js';
import { indicatorWords } from './staff-words.js';
import type { StaffStats } from './stats-message.js';
import type { StatsPeriod } from './stats-period.js';

/** The figures `/complaint stats` and the weekly digest show, from the same counts as the staff reports. */
@Injectable()
export class StaffStatsSource {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly indicators: IndicatorsService,
    private readonly satisfaction: SatisfactionReportService,
    private readonly conduct: CodeOfConductService,
  ) {}

  async of(period: StatsPeriod): Promise<StaffStats> {
    const filter = { from: period.from, to: period.to };
    const [open, overdue, promises, complaints, satisfaction, closed] = [
      await this.complaints.list({ status: [...OPEN_STATUSES], page: 1, pageSize: 1 }),
      await this.complaints.list({ overdue: true, status: [...OPEN_STATUSES], page: 1, pageSize: 1 }),
      await this.indicators.promises(filter),
      await this.indicators.complaints(filter),
      await this.satisfaction.report(filter),
      await this.indicators.closed(filter),
    ];
    const text = (id: string) => this.promiseWords(id);
    return {
      period,
      openNow: open.total,
      overdueNow: overdue.total,
      openNowCapped: open.totalCapped,
      overdueNowCapped: overdue.totalCapped,
      received: complaints.received,
      closed,
      promises: promises.promises.map((figures) => ({ text: text(figures.promiseId), met: figures.met })),
      timeToAcknowledge: complaints.timeToAcknowledge,
      timeToFinalResponse: complaints.timeToFinalResponse,
      scores: satisfaction.scores,
      responseRate: satisfaction.responseRate,
    };
  }

  /** "Acknowledgement within 1 business day": a promise as staff know it, shorter than the customer's sentence. */
  private promiseWords(id: string): string {
    const promise = this.conduct.code.promises.find((p) => p.id === id);
    const clock = promise ? this.conduct.code.clocks[promise.clock] : undefined;
    if (!promise || !clock) return id;
    const target = targetInWords(promise.target, clock);
    if (promise.indicator === 'status_update_interval') return `Status updates at least every ${target.replace(/^1 /u, '')}`;
    return `${indicatorWords(promise.indicator)} within ${target}`;
  }
}
