import type { SchemaPart } from '../database/schema.js';
import { CaseDeadlineRecord } from './case-deadline.entity.js';
import { ComplaintFactsRecord } from './complaint-facts.entity.js';
import { IndicatorIndexes1764800000001 } from './migrations/1764800000001-indicator-indexes.js';
import { ReportFacts1766000000001 } from './migrations/1766000000001-report-facts.js';
import { ReportSumsByDimension1766000000002 } from './migrations/1766000000002-report-sums-by-dimension.js';
import { SurveyAndDisputeSums1767000000001 } from './migrations/1767000000001-survey-and-dispute-sums.js';

/** The facts the reports count, kept beside each complaint, and their monthly sums (the surveys' and disputes' too); and indexes on the core's tables. */
export const INDICATORS_SCHEMA: SchemaPart = {
  entities: [ComplaintFactsRecord, CaseDeadlineRecord],
  migrations: [IndicatorIndexes1764800000001, ReportFacts1766000000001, ReportSumsByDimension1766000000002, SurveyAndDisputeSums1767000000001],
};
