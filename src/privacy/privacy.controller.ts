import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { parseContact } from '../contacts/contact-format.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { StaffCaller, type StaffActor } from '../staff-keys/staff-caller.js';
import { CustomerExports } from './customer-export.js';
import { exportRequestSchema, type ExportRequest } from './privacy.schemas.js';

@ApiTags('privacy')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Staff-Id', required: false, description: 'The staff member the caller acts for (default: api)' })
@ApiHeader({ name: 'X-Staff-Role', required: false, description: 'Must be supervisor' })
@ApiResponse({ status: 400, description: 'Invalid input: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@UseGuards(StaffApiKeyGuard)
@Controller('api/privacy')
export class PrivacyController {
  constructor(
    private readonly exports: CustomerExports,
    private readonly conduct: CodeOfConductService,
  ) {}

  @Post('exports')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Everything held about one customer, as JSON (a subject access request)',
    description:
      'Found by their phone number, email address or web chat conversation: their complaints with full contact details and case history, their chats and texts, messages to them and hand-offs. Each complaint covered records the export in its history.',
  })
  @ApiBody({ schema: z.toJSONSchema(exportRequestSchema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown> })
  @ApiResponse({ status: 200, description: 'The export: `sections` holds one part for each kind of data' })
  @ApiResponse({ status: 403, description: 'Only a supervisor may export a customer’s data' })
  async export(@Body(new ZodPipe(exportRequestSchema)) body: ExportRequest, @StaffCaller() actor: StaffActor) {
    if (actor.role !== 'supervisor') {
      throw new DomainError('forbidden', 'privacy_export_needs_supervisor', 'Only a supervisor may export a customer’s data.');
    }
    const parsed = parseContact(body.contact.kind, body.contact.value, this.conduct.country() as CountryCode | undefined);
    if (!parsed.ok) {
      throw new DomainError('invalid', 'validation_failed', `contact.value ${parsed.message}`, {
        fields: [{ field: 'contact.value', message: parsed.message }],
      });
    }
    return this.exports.export(parsed.contact, actor, body.reason ?? null);
  }
}
