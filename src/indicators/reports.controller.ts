import { applyDecorators, Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags, type ApiQueryOptions } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { IndicatorsService, type ComplaintReport, type PromiseReport } from './indicators.service.js';
import { DisputeReportService, type DisputeReport } from './dispute-report.service.js';
import { complaintReportCsv, disputeReportCsv, promiseReportCsv, satisfactionReportCsv } from './report-csv.js';
import { SatisfactionReportService, type SatisfactionReport } from './satisfaction-report.service.js';
import {
  complaintReportQuerySchema,
  promiseReportQuerySchema,
  satisfactionReportQuerySchema,
  type ComplaintReportQuery,
  type PromiseReportQuery,
} from './reports.schemas.js';

const FILTERS: ApiQueryOptions[] = [
  { name: 'from', required: false, description: 'Complaints received at or after (ISO 8601)' },
  { name: 'to', required: false, description: 'Complaints received before (ISO 8601)' },
  { name: 'category', required: false, description: 'A category id of the code of conduct' },
  { name: 'channel', required: false, description: 'webchat, sms, email, api…' },
];
const FORMAT: ApiQueryOptions = { name: 'format', required: false, enum: ['json', 'csv'], description: 'json (the default), or csv to download' };

/**
 * A report's route as /docs lists it: the shared filters, any of its own, then `format`. applyDecorators applies
 * them in the order given, so the parameters read in that order.
 */
function ReportRoute(path: string, summary: string, ...ownFilters: ApiQueryOptions[]) {
  return applyDecorators(
    Get(path),
    ApiOperation({ summary }),
    ApiProduces('application/json', 'text/csv'),
    ...[...FILTERS, ...ownFilters, FORMAT].map((filter) => ApiQuery(filter)),
  );
}

/** The report as JSON, or as a CSV file to download when `format=csv`. */
function answer<R>(report: R, format: 'json' | 'csv', response: Response, name: string, toCsv: (report: R) => string): R | string {
  if (format === 'json') return report;
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(report);
}

/**
 * ISO 10001 and 10002 indicators for staff: how each promise of the code of conduct is kept, and what the complaints
 * were about, how they came and ended. Every rate has its count and a 95% Wilson interval, or reads "not enough data"
 * below the minimum (INDICATORS_MINIMUM_COUNT).
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: 'Invalid filter: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@UseGuards(StaffApiKeyGuard)
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly satisfaction: SatisfactionReportService,
    private readonly disputes: DisputeReportService,
  ) {}

  @ReportRoute(
    'promises',
    "Each promise's deadlines met, missed, pending (still running, or paused while the customer is asked) and not applicable (made moot by a withdrawal or closure before they were due), with % met of those met or missed",
    { name: 'promise', required: false, description: 'A promise id of the code of conduct' },
    { name: 'by', required: false, enum: ['month', 'quarter'], description: 'Also give the figures by month or quarter received' },
  )
  async promises(@Query(new ZodPipe(promiseReportQuerySchema)) query: PromiseReportQuery, @Res({ passthrough: true }) response: Response): Promise<PromiseReport | string> {
    const { format, promise, by, ...filter } = query;
    const report = await this.indicators.promises({ ...filter, ...(promise ? { promiseId: promise } : {}) }, by);
    return answer(report, format, response, 'promises', promiseReportCsv);
  }

  @ReportRoute(
    'complaints',
    "Complaints received, by category, channel, root cause and outcome, overall and by month, each category and root cause with the code of conduct's label beside its id; reopen and withdrawal rates; median and 90th percentile of the time to acknowledge and to a final response",
  )
  async complaints(@Query(new ZodPipe(complaintReportQuerySchema)) query: ComplaintReportQuery, @Res({ passthrough: true }) response: Response): Promise<ComplaintReport | string> {
    const { format, ...filter } = query;
    return answer(await this.indicators.complaints(filter), format, response, 'complaints', complaintReportCsv);
  }

  @ReportRoute(
    'satisfaction',
    'Satisfaction survey answers about the complaints: process, outcome and effort scores (mean and distribution, with counts), response rate per channel the survey went by and overall, and the gap in points between deadlines met and customers answering that the dates were kept; the same month by month received (`trend`)',
  )
  async satisfactionReport(@Query(new ZodPipe(satisfactionReportQuerySchema)) query: ComplaintReportQuery, @Res({ passthrough: true }) response: Response): Promise<SatisfactionReport | string> {
    const { format, ...filter } = query;
    return answer(await this.satisfaction.report(filter), format, response, 'satisfaction', satisfactionReportCsv);
  }

  @ReportRoute(
    'disputes',
    'ISO 10003 disputes about the complaints: offers, consent and referral rates of those offered, uphold rate of those decided (upheld, not upheld or settled), and mean days from the outcome to the remedy carried out',
  )
  async disputeReport(@Query(new ZodPipe(complaintReportQuerySchema)) query: ComplaintReportQuery, @Res({ passthrough: true }) response: Response): Promise<DisputeReport | string> {
    const { format, ...filter } = query;
    return answer(await this.disputes.report(filter), format, response, 'disputes', disputeReportCsv);
  }
}
