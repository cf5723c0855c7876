import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { IndicatorsService } from './indicators.service.js';
import { ReportFactsRepository } from './report-facts.repository.js';
import { DisputeReportRepository } from './dispute-report.repository.js';
import { DisputeReportService } from './dispute-report.service.js';
import { ReportsController } from './reports.controller.js';
import { SurveyDisputeSumsRepository } from './survey-dispute-sums.repository.js';
import { SatisfactionReportRepository } from './satisfaction-report.repository.js';
import { SatisfactionReportService } from './satisfaction-report.service.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { MONTHLY_SUMS, type MonthlySumsSource } from './monthly-sums.js';
import { MonthlySumsUpkeep } from './monthly-sums-upkeep.js';
import { StaleMonthsSignal } from './stale-months-signal.js';

/** ISO 10001/10002 indicators: promises met, times, volumes and rates, counted by the database, and the staff reports of them. */
@Module({
  imports: [DatabaseModule, StaffApiModule],
  controllers: [ReportsController],
  providers: [
    ReportFactsRepository,
    SurveyDisputeSumsRepository,
    IndicatorsRepository,
    IndicatorsService,
    SatisfactionReportRepository,
    SatisfactionReportService,
    DisputeReportRepository,
    DisputeReportService,
    StaleMonthsSignal,
    // every kind of monthly sums kept up to date in the background: a source joins the list here
    { provide: MONTHLY_SUMS, inject: [ReportFactsRepository, SurveyDisputeSumsRepository], useFactory: (...sources: MonthlySumsSource[]) => sources.flatMap((source) => source.monthlySums()) },
    MonthlySumsUpkeep,
  ],
  exports: [ReportFactsRepository, StaleMonthsSignal, MonthlySumsUpkeep, IndicatorsService, SatisfactionReportService, DisputeReportService],
})
export class IndicatorsModule {}
