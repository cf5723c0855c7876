import { Body, Controller, Get, Headers, HttpCode, Inject, Optional, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { EvidenceIntake } from '../../../dialogs/evidence-files.js';
import { EVIDENCE_INTAKE } from '../../../dialogs/tokens.js';
import { DomainError } from '../../../src/common/domain-error.js';
import { ZodPipe } from '../../../src/common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { MessageLimitGuard, StartLimitGuard } from './chat-limits.js';
import { ConversationTokenGuard, Grant } from './conversation-token.guard.js';
import { ConversationTokens, type ConversationGrant } from './conversation-tokens.js';
import {
  activitiesQuerySchema,
  conversationQuerySchema,
  postedActivitySchema,
  startConversationSchema,
  type ActivitiesQuery,
  type ConversationQuery,
  type PostedActivity,
  type StartConversationBody,
} from './direct-line.schemas.js';
import { streamUrl } from './stream-url.js';
import { Transcript, type ActivityPage } from './transcript.js';
import { readUploadForm } from './upload-form.js';

interface ConversationView {
  conversationId: string;
  token: string;
  expires_in: number;
  /** Where to open the conversation's WebSocket stream (ActivityStreams), from the watermark asked for. */
  streamUrl: string;
}

/**
 * The part of Direct Line v3 that Bot Framework Web Chat uses, so the official client talks to Redress with no
 * Azure account. Replies reach the client on the WebSocket at `streamUrl` (ActivityStreams) or by polling the
 * activities; both are Direct Line. Anyone may start a conversation (the chat page is public); its token then
 * grants that conversation only.
 */
@ApiExcludeController()
@Controller('v3/directline')
export class DirectLineController {
  constructor(
    private readonly transcript: Transcript,
    private readonly tokens: ConversationTokens,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(EVIDENCE_INTAKE) private readonly evidence?: EvidenceIntake,
  ) {}

  /**
   * Without a token: a new conversation (201), whose greeting follows. With one: that conversation again (200), as
   * DirectLineJS asks when it is given a token the page fetched.
   */
  @Post('conversations')
  @UseGuards(StartLimitGuard)
  async start(
    @Headers('authorization') authorization: string | undefined,
    @Body(new ZodPipe(startConversationSchema)) body: StartConversationBody,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationView> {
    if (authorization) {
      const grant = this.tokens.verify(authorization, this.clock.now());
      await this.existing(grant);
      response.status(200);
      return this.view(grant, authorization, request, 0);
    }
    const conversation = await this.transcript.start(body.locale);
    const { token, expiresIn } = this.tokens.issue(conversation.id, conversation.userId, this.clock.now());
    response.status(201);
    return { conversationId: conversation.id, token, expires_in: expiresIn, streamUrl: this.streamUrl(request, conversation.id, 0, token) };
  }

  /** DirectLineJS asks this, with the watermark it has, to (re)connect its stream: the streamUrl starts there. */
  @Get('conversations/:conversationId')
  @UseGuards(ConversationTokenGuard)
  async conversation(
    @Grant() grant: ConversationGrant,
    @Headers('authorization') authorization: string,
    @Query(new ZodPipe(conversationQuerySchema)) query: ConversationQuery,
    @Req() request: Request,
  ): Promise<ConversationView> {
    await this.existing(grant);
    return this.view(grant, authorization, request, query.watermark);
  }

  /**
   * Stores the activity before answering; the bot runs after the answer, and its replies reach the client's
   * stream as each turn commits, or its next poll.
   */
  @Post('conversations/:conversationId/activities')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard, MessageLimitGuard)
  async post(@Grant() grant: ConversationGrant, @Body(new ZodPipe(postedActivitySchema)) body: PostedActivity): Promise<{ id: string }> {
    const clientActivityId = body.channelData?.clientActivityID ?? null;
    // a conversation that does not exist is a 404 from here
    const { id } = await this.transcript.receive(grant.conversationId, body, clientActivityId);
    return { id };
  }

  /**
   * Direct Line's upload (`?userId=` is the sender, which the token already names): a message with files, as Web
   * Chat's attach button sends it, stored with its files before answering, like any other post; the files then go to
   * the evidence desk in the message's turn. Files over the limit are kept as names only, so the customer is told.
   */
  @Post('conversations/:conversationId/upload')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard, MessageLimitGuard)
  async upload(@Grant() grant: ConversationGrant, @Req() request: Request): Promise<{ id: string }> {
    if (!this.evidence) throw new DomainError('not_found', 'uploads_not_taken', 'Files are not taken here.');
    const { maxFileBytes, maxFilesPerComplaint } = this.evidence.limits();
    const form = await readUploadForm(request, { maxFileBytes, maxFiles: maxFilesPerComplaint });
    const parsed = postedActivitySchema.safeParse(form.activity);
    if (!parsed.success || parsed.data.type !== 'message') {
      throw new DomainError('invalid', 'upload_activity_invalid', 'The activity part must be a message activity.');
    }
    const body = parsed.data;
    const { id } = await this.transcript.receive(grant.conversationId, body, body.channelData?.clientActivityID ?? null, form.files);
    return { id };
  }

  @Get('conversations/:conversationId/activities')
  @UseGuards(ConversationTokenGuard)
  async activities(
    @Grant() grant: ConversationGrant,
    @Query(new ZodPipe(activitiesQuerySchema)) query: ActivitiesQuery,
  ): Promise<ActivityPage> {
    const page = await this.transcript.since(grant.conversationId, query.watermark);
    // activities are only ever in a conversation that exists; an empty page may be of none at all
    if (page.activities.length === 0) await this.existing(grant);
    return page;
  }

  /** A fresh token for the same conversation; an expired one cannot be refreshed (403). */
  @Post('tokens/refresh')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  async refresh(@Grant() grant: ConversationGrant, @Req() request: Request): Promise<ConversationView> {
    await this.existing(grant);
    const { token, expiresIn } = this.tokens.issue(grant.conversationId, grant.userId, this.clock.now());
    return { conversationId: grant.conversationId, token, expires_in: expiresIn, streamUrl: this.streamUrl(request, grant.conversationId, 0, token) };
  }

  private async existing(grant: ConversationGrant) {
    const conversation = await this.transcript.find(grant.conversationId);
    // DirectLineJS ends the conversation on a 404
    if (!conversation) throw new DomainError('not_found', 'conversation_not_found', 'There is no such conversation.');
    return conversation;
  }

  private view(grant: ConversationGrant, authorization: string, request: Request, watermark: number): ConversationView {
    const token = authorization.replace(/^Bearer\s+/i, '');
    const expiresIn = Math.max(0, grant.expiresAt - Math.floor(this.clock.now().getTime() / 1000));
    return { conversationId: grant.conversationId, token, expires_in: expiresIn, streamUrl: this.streamUrl(request, grant.conversationId, watermark, token) };
  }

  private streamUrl(request: Request, conversationId: string, watermark: number, token: string): string {
    return streamUrl(this.config.PUBLIC_URL, request, conversationId, watermark, token);
  }
}
