import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { SurveyResponseRepository, type SurveyResponse } from './survey-response.repository.js';
import { responseFilterSchema, responseListSchema, type ResponseFilterQuery, type ResponseListQuery } from './survey-responses.schemas.js';

/** The most rows one export holds; narrow the dates for more. */
const EXPORT_MAX = 10_000;

const FILTERS = [
  { name: 'channel', required: false, description: 'webchat, sms, email…' },
  { name: 'category', required: false, description: 'A category id of the code of conduct' },
  { name: 'language', required: false, description: 'en, es…' },
  { name: 'from', required: false, description: 'Answered at or after (ISO 8601)' },
  { name: 'to', required: false, description: 'Answered before (ISO 8601)' },
  { name: 'low', required: false, enum: ['true', 'false'], description: 'Only those that alerted staff, or none of them' },
];

const COLUMNS: { key: keyof SurveyResponse; header: string }[] = [
  { key: 'reference', header: 'reference' },
  { key: 'surveyVersion', header: 'survey_version' },
  { key: 'channel', header: 'channel' },
  { key: 'category', header: 'category' },
  { key: 'outcome', header: 'outcome' },
  { key: 'language', header: 'language' },
  { key: 'resolutionMinutes', header: 'resolution_minutes' },
  { key: 'pausedMinutes', header: 'paused_minutes' },
  { key: 'promisesMet', header: 'promises_met' },
  { key: 'promisesMissed', header: 'promises_missed' },
  { key: 'handling', header: 'handling_1_5' },
  { key: 'outcomeScore', header: 'outcome_1_5' },
  { key: 'effort', header: 'ease_1_7' },
  { key: 'datesKept', header: 'dates_kept' },
  { key: 'comment', header: 'comment' },
  { key: 'sentiment', header: 'sentiment' },
  { key: 'respondedAt', header: 'responded_at' },
  { key: 'finishedAt', header: 'finished_at' },
];

/** A customer's words starting with = + - or @ would run as a formula in a spreadsheet: kept as text instead. */
function spreadsheetSafe(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

function view(response: SurveyResponse) {
  const { surveyId: _surveyId, ...shown } = response;
  return shown;
}

/** ISO 10004 analysis: what customers answered after closure, linked to their cases, and how many answered. */
@ApiTags('satisfaction')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: 'Invalid filter: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@UseGuards(StaffApiKeyGuard)
@Controller('api/satisfaction')
export class SurveyResponsesController {
  constructor(private readonly responses: SurveyResponseRepository) {}

  @Get('responses')
  @ApiOperation({ summary: 'List survey responses, newest first, with the facts of each case (time to resolve, promises kept and missed, time paused)' })
  @ApiQuery(FILTERS[0])
  @ApiQuery(FILTERS[1])
  @ApiQuery(FILTERS[2])
  @ApiQuery(FILTERS[3])
  @ApiQuery(FILTERS[4])
  @ApiQuery(FILTERS[5])
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1 to 100, default 20' })
  async list(@Query(new ZodPipe(responseListSchema)) query: ResponseListQuery) {
    const { page, pageSize, ...filter } = query;
    const { items, total } = await this.responses.list(filter, { offset: (page - 1) * pageSize, limit: pageSize });
    return { items: items.map(view), total, page, pageSize };
  }

  @Get('responses.csv')
  @ApiOperation({ summary: `The same responses as CSV, one row each, for analysis elsewhere (at most ${EXPORT_MAX} rows)` })
  @ApiProduces('text/csv')
  @ApiQuery(FILTERS[0])
  @ApiQuery(FILTERS[1])
  @ApiQuery(FILTERS[2])
  @ApiQuery(FILTERS[3])
  @ApiQuery(FILTERS[4])
  @ApiQuery(FILTERS[5])
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="satisfaction-responses.csv"')
  async csv(@Query(new ZodPipe(responseFilterSchema)) filter: ResponseFilterQuery): Promise<string> {
    const { items } = await this.responses.list(filter, { offset: 0, limit: EXPORT_MAX });
    const rows = items.map((response) =>
      COLUMNS.map(({ key }) => {
        const value = response[key];
        return Array.isArray(value) ? value.join(' ') : spreadsheetSafe(value);
      }),
    );
    return stringify(rows, { header: true, columns: COLUMNS.map((column) => column.header) });
  }

  @Get('response-rates')
  @ApiOperation({ summary: 'Per channel: surveys sent, how many were answered (at least in part), the rate, and those not sent by reason' })
  async rates() {
    const channels = await this.responses.ratesByChannel();
    return { channels: channels.map((c) => ({ ...c, rate: c.sent === 0 ? null : Math.round((c.responded / c.sent) * 1000) / 1000 })) };
  }
}
