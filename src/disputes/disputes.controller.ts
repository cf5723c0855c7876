import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { parseReference } from '../complaints/domain/reference.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { StaffCaller, type StaffActor } from '../staff-keys/staff-caller.js';
import { disputeActionSchema, type DisputeActionBody } from './dispute.schemas.js';
import { DISPUTE_WORDING_VERSION } from './dispute-words.js';
import { allowedDisputeCommands } from './domain/dispute.machine.js';
import type { DisputeCommand } from './domain/dispute.commands.js';
import type { Dispute } from './domain/dispute.js';
import { DisputesService } from './disputes.service.js';
import { referralPackHtml, referralPackSchema } from './referral-pack.js';

const openApi = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io }) as Record<string, unknown>;

const REFERENCE_PARAM = { name: 'reference', example: '7K4M-9P2Q', description: 'Case reference; dash optional' };

@ApiTags('disputes')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Staff-Id', required: false, description: 'The staff member the caller acts for (default: api)' })
@ApiHeader({ name: 'X-Staff-Role', required: false, description: 'handler or supervisor (default: handler)' })
@ApiResponse({ status: 400, description: 'Invalid input: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@UseGuards(StaffApiKeyGuard)
@Controller('api')
export class DisputesController {
  constructor(
    private readonly disputes: DisputesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('complaints/:reference/dispute')
  @ApiOperation({ summary: 'The ISO 10003 dispute of a complaint: the options offered, the customer’s answer, the referral and its outcome' })
  @ApiParam(REFERENCE_PARAM)
  @ApiResponse({ status: 404, description: 'No options have been offered on this complaint' })
  async get(@Param('reference') reference: string) {
    return this.view(await this.disputes.get(checkedReference(reference)));
  }

  @Post('complaints/:reference/dispute/actions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take a step of the dispute: offer, record the customer’s answer, refer, record the provider’s acceptance and outcome, the remedy, close',
    description:
      'Recording an outcome and closing need a supervisor, as does taking on an internal review. A consent recorded here is the customer’s ' +
      'answer given to staff (by phone or letter) and is recorded with the current wording version.',
  })
  @ApiParam(REFERENCE_PARAM)
  @ApiBody({ schema: openApi(disputeActionSchema) })
  @ApiResponse({ status: 403, description: 'The caller’s role may not do this' })
  @ApiResponse({ status: 409, description: 'The journey forbids it now; `allowed` lists what it allows' })
  async act(@Param('reference') reference: string, @Body(new ZodPipe(disputeActionSchema)) body: DisputeActionBody, @StaffCaller() actor: StaffActor) {
    const normalised = checkedReference(reference);
    if (body.action === 'offer') return this.view(await this.disputes.offer(normalised, 'staff', actor, undefined));
    const { action, ...payload } = body;
    const command = { type: action, ...payload, wordingVersion: DISPUTE_WORDING_VERSION } as DisputeCommand;
    return this.view(await this.disputes.act(normalised, command, actor));
  }

  @Get('complaints/:reference/dispute/referral-pack')
  @ApiOperation({
    summary: 'The referral pack for the provider, as JSON',
    description: 'Carries the customer’s contact only with their consent to share the case file; showing it is recorded in the case history.',
  })
  @ApiParam(REFERENCE_PARAM)
  @ApiResponse({ status: 200, description: 'The pack', schema: openApi(referralPackSchema, 'output') })
  async pack(@Param('reference') reference: string, @StaffCaller() actor: StaffActor) {
    return this.disputes.referralPack(checkedReference(reference), actor);
  }

  @Get('complaints/:reference/dispute/referral-pack/printable')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The referral pack as a printable HTML document' })
  @ApiParam(REFERENCE_PARAM)
  async printable(@Param('reference') reference: string, @StaffCaller() actor: StaffActor) {
    return referralPackHtml(await this.disputes.referralPack(checkedReference(reference), actor));
  }

  @Get('disputes/figures')
  @ApiOperation({ summary: 'ISO 10003 figures: offers, consents, referrals, outcomes, remedies on time and the mean days to implement' })
  async figures() {
    return this.disputes.figures();
  }

  private view(dispute: Dispute) {
    const now = this.clock.now();
    return {
      ...dispute,
      referralWindow: dispute.referralDeadline
        ? { dueAt: dispute.referralDeadline, state: Date.parse(dispute.referralDeadline) < now.getTime() ? 'passed' : 'open' }
        : null,
      options: this.disputes.options().filter((option) => dispute.options.includes(option.id)),
      allowedActions: allowedDisputeCommands(dispute).filter((action) => action !== 'remind'),
    };
  }
}

function checkedReference(raw: string): string {
  const parsed = parseReference(raw);
  if (parsed.ok) return parsed.reference;
  const message =
    parsed.reason === 'check' ? 'This reference has a mistyped character: please check it.' : 'A reference has eight letters and digits, like 7K4M-9P2Q.';
  throw new DomainError('invalid', 'invalid_reference', message, { fields: [{ field: 'reference', message }] });
}
