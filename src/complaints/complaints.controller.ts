import { Body, Controller, Get, HttpCode, Inject, Injectable, Param, Post, Query, UseGuards } from '@nestjs/common';
import { LIST_TOTAL_CAP } from './complaint.repository.js';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { StaffCaller, type StaffActor } from '../staff-keys/staff-caller.js';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { DomainError } from '../common/domain-error.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { NotifierRegistry } from '../notifications/notifier-registry.js';
import { CLOCK, type Clock } from './clock.js';
import {
  actionSchema,
  createComplaintSchema,
  disclosureSchema,
  listQuerySchema,
  noteSchema,
  replySchema,
  type ActionBody,
  type CreateComplaintBody,
  type ListQuery,
} from './complaint.schemas.js';
import { caseEventView, complaintView } from './complaint.view.js';
import { ComplaintsService } from './complaints.service.js';
import { customerAddress } from './customer-address.js';
import type { ComplaintCommand } from './domain/complaint.commands.js';
import type { Complaint } from './domain/complaint.js';
import { parseReference } from './domain/reference.js';

const openApi = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;

/** A new complaint's body, checked against the channels declared when it arrives. */
@Injectable()
class NewComplaintPipe extends ZodPipe<ReturnType<typeof createComplaintSchema>> {
  constructor(channels: ChannelRegistry) {
    super(createComplaintSchema(channels));
  }
}

const REFERENCE_PARAM = { name: 'reference', example: '7K4M-9P2Q', description: 'Case reference; any case, dash optional' };

@ApiTags('complaints')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Staff-Id', required: false, description: 'The staff member the caller acts for (default: api)' })
@ApiHeader({ name: 'X-Staff-Role', required: false, description: 'handler or supervisor (default: handler)' })
@ApiResponse({ status: 400, description: 'Invalid input: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@UseGuards(StaffApiKeyGuard)
@Controller('api/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifiers: NotifierRegistry,
    private readonly channels: ChannelRegistry,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Record a complaint received on any channel' })
  @ApiBody({ schema: openApi(createComplaintSchema()) })
  @ApiResponse({ status: 201, description: 'Recorded, with its reference and deadlines; `warnings` if the customer cannot be kept updated' })
  async create(@Body(NewComplaintPipe) body: CreateComplaintBody, @StaffCaller() actor: StaffActor) {
    const { receivedAt, ...rest } = body;
    const complaint = await this.complaints.file(
      { ...rest, receivedAt: receivedAt ? new Date(receivedAt) : undefined },
      actor,
    );
    // A complaint that came by letter or phone is recorded whatever its contact: refusing it would lose it.
    const { channel } = customerAddress(complaint, this.channels);
    if (this.notifiers.get(channel)) return this.view(complaint, actor);
    const messages = this.channels.profile(channel)?.messagesName ?? `${channel} messages`;
    const message = `Redress cannot send ${messages} here, so this customer will not be told of any step: contact them another way, or give a contact Redress can reach.`;
    return { ...this.view(complaint, actor), warnings: [{ code: 'contact_unreachable', field: 'contact.kind', message }] };
  }

  @Get()
  @ApiOperation({
    summary: 'List complaints, newest first; the overdue (overdue=true) longest overdue first',
    description: `\`total\` counts the matches up to ${LIST_TOTAL_CAP.toLocaleString('en')}; when there are more it is ${LIST_TOTAL_CAP.toLocaleString('en')} and \`totalCapped\` is true, so that a page costs the same however many complaints there are. \`overdue=true\` lists the cases whose earliest running deadline passed longest ago first (the newest first among those due at the same instant).`,
  })
  @ApiQuery({ name: 'status', required: false, description: 'One or more stages, comma-separated' })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'assignee', required: false, description: 'A staff id, or none' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1 to 100, default 20' })
  async list(@Query(new ZodPipe(listQuerySchema)) query: ListQuery, @StaffCaller() actor: StaffActor) {
    const page = await this.complaints.list(query);
    return { ...page, items: page.items.map((c) => this.view(c, actor)) };
  }

  @Get(':reference')
  @ApiOperation({ summary: 'Fetch one complaint, with the steps the caller may take now (allowedActions)' })
  @ApiParam(REFERENCE_PARAM)
  @ApiResponse({ status: 404, description: 'No such reference' })
  async get(@Param('reference') reference: string, @StaffCaller() actor: StaffActor) {
    return this.view(await this.complaints.get(checkedReference(reference)), actor);
  }

  @Post(':reference/actions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a complaint through the workflow' })
  @ApiParam(REFERENCE_PARAM)
  @ApiBody({ schema: openApi(actionSchema) })
  @ApiResponse({ status: 403, description: 'The caller’s role may not do this' })
  @ApiResponse({ status: 409, description: 'The workflow forbids it now; `allowed` lists what it allows' })
  async act(
    @Param('reference') reference: string,
    @Body(new ZodPipe(actionSchema)) body: ActionBody,
    @StaffCaller() actor: StaffActor,
  ) {
    const { action, reason, ...payload } = body as ActionBody & { reason?: string };
    const command = { type: action, ...payload } as ComplaintCommand;
    // Two actions take their reason as part of the command itself.
    if (command.type === 'mark_unresolved' || command.type === 'reopen') Object.assign(command, { reason });
    return this.view(await this.complaints.act(checkedReference(reference), command, actor, reason), actor);
  }

  @Post(':reference/notes')
  @ApiOperation({ summary: 'Add an internal note (never sent to the customer)' })
  @ApiParam(REFERENCE_PARAM)
  @ApiBody({ schema: openApi(noteSchema) })
  async addNote(
    @Param('reference') reference: string,
    @Body(new ZodPipe(noteSchema)) body: z.infer<typeof noteSchema>,
    @StaffCaller() actor: StaffActor,
  ) {
    return caseEventView(await this.complaints.addNote(checkedReference(reference), body.text, actor));
  }

  @Post(':reference/replies')
  @ApiOperation({ summary: 'Write to the customer on their own channel; recorded in the history' })
  @ApiParam(REFERENCE_PARAM)
  @ApiBody({ schema: openApi(replySchema) })
  @ApiResponse({ status: 409, description: 'The complaint is closed or withdrawn' })
  async reply(
    @Param('reference') reference: string,
    @Body(new ZodPipe(replySchema)) body: z.infer<typeof replySchema>,
    @StaffCaller() actor: StaffActor,
  ) {
    return this.view(await this.complaints.replyToCustomer(checkedReference(reference), body.text, actor), actor);
  }

  @Get(':reference/history')
  @ApiOperation({ summary: 'The case history, with a check that its hash chain is intact' })
  @ApiParam(REFERENCE_PARAM)
  async history(@Param('reference') reference: string) {
    const normalised = checkedReference(reference);
    const { events, integrity } = await this.complaints.history(normalised);
    return { reference: normalised, integrity, events: events.map(caseEventView) };
  }

  @Post(':reference/contact-disclosures')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show the customer’s full contact details; who asked and why is recorded' })
  @ApiParam(REFERENCE_PARAM)
  @ApiBody({ schema: openApi(disclosureSchema) })
  async disclose(
    @Param('reference') reference: string,
    @Body(new ZodPipe(disclosureSchema)) body: z.infer<typeof disclosureSchema>,
    @StaffCaller() actor: StaffActor,
  ) {
    return this.complaints.discloseContact(checkedReference(reference), actor, body.reason);
  }

  /** `allowedActions` are the steps this caller may take now: their role and any involvement count. */
  private view(complaint: Complaint, actor: StaffActor) {
    const promiseText = (id: string) => this.conduct.code.promises.find((p) => p.id === id)?.text;
    return complaintView(complaint, this.clock.now(), promiseText, { actor, reopenWindowDays: this.conduct.reopenWindowDays() });
  }
}

function checkedReference(raw: string): string {
  const parsed = parseReference(raw);
  if (parsed.ok) return parsed.reference;
  const message =
    parsed.reason === 'check'
      ? 'This reference has a mistyped character: please check it.'
      : 'A reference has eight letters and digits, like 7K4M-9P2Q.';
  throw new DomainError('invalid', 'invalid_reference', message, { fields: [{ field: 'reference', message }] });
}
