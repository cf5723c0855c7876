import { Body, Controller, HttpCode, Injectable, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { DomainError } from '../common/domain-error.js';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { parseContact } from '../contacts/contact-format.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { StaffCaller, type StaffActor } from '../staff-keys/staff-caller.js';
import { CustomerExports } from './customer-export.js';
import { CustomerErasures } from './customer-erasure.js';
import { erasureRequestSchema, exportRequestSchema, type ErasureRequest, type ExportRequest } from './privacy.schemas.js';
import type { Contact } from '../complaints/domain/complaint.js';

/** An export's or an erasure's body, checked against the channels declared when it arrives. */
@Injectable()
class ContactRequestPipe extends ZodPipe<ReturnType<typeof exportRequestSchema>> {
  constructor(channels: ChannelRegistry) {
    super(exportRequestSchema(channels));
  }
}

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
    private readonly erasures: CustomerErasures,
    private readonly conduct: CodeOfConductService,
  ) {}

  @Post('exports')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Everything held about one customer, as JSON (a subject access request)',
    description:
      'Found by their phone number, email address or web chat conversation: their complaints with full contact details and case history, their chats and texts, messages to them and hand-offs. Each complaint covered records the export in its history.',
  })
  @ApiBody({ schema: z.toJSONSchema(exportRequestSchema(), { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown> })
  @ApiResponse({ status: 200, description: 'The export: `sections` holds one part for each kind of data' })
  @ApiResponse({ status: 403, description: 'Only a supervisor may export a customer’s data' })
  async export(@Body(ContactRequestPipe) body: ExportRequest, @StaffCaller() actor: StaffActor) {
    if (actor.role !== 'supervisor') {
      throw new DomainError('forbidden', 'privacy_export_needs_supervisor', 'Only a supervisor may export a customer’s data.');
    }
    return this.exports.export(this.contactOf(body), actor, body.reason ?? null);
  }

  @Post('erasures')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase everything personal held about one customer (the right to erasure)',
    description:
      'Found as for an export. Their complaints keep what counts them in reports (status, channel, category, dates, deadlines met or missed, priority, outcome, root cause) and lose their name, contact, conversation ids and every text: the description, the remedy sought, messages both ways, questions, explanations and reasons, in the complaint and in each event of its history. The history is redacted in place, still verifies, and records the erasure (who, when, how many events). Their chats, texts, dialog state, hand-offs and the messages written to them are deleted, and the database files are made to let go of the bytes. Refused while a complaint of theirs is open. Answers counts and references only, never what was erased.',
  })
  @ApiBody({ schema: z.toJSONSchema(erasureRequestSchema(), { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown> })
  @ApiResponse({ status: 200, description: 'Erased: `complaints` lists the references erased, `deleted` counts the rows that went by kind' })
  @ApiResponse({ status: 403, description: 'Only a supervisor may erase a customer’s data' })
  @ApiResponse({ status: 409, description: '`privacy_erasure_open_complaints`: a complaint of theirs is still open; `references` names them' })
  async erase(@Body(ContactRequestPipe) body: ErasureRequest, @StaffCaller() actor: StaffActor) {
    if (actor.role !== 'supervisor') {
      throw new DomainError('forbidden', 'privacy_erasure_needs_supervisor', 'Only a supervisor may erase a customer’s data.');
    }
    return this.erasures.erase(this.contactOf(body), actor, body.reason ?? null);
  }

  private contactOf(body: ExportRequest): Contact {
    const parsed = parseContact(body.contact.kind, body.contact.value, this.conduct.country() as CountryCode | undefined);
    if (!parsed.ok) {
      throw new DomainError('invalid', 'validation_failed', `contact.value ${parsed.message}`, {
        fields: [{ field: 'contact.value', message: parsed.message }],
      });
    }
    return parsed.contact;
  }
}
