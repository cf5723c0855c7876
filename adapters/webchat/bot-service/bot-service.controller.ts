import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ActivityTypes } from 'botbuilder';
import type { Response } from 'express';
import { DomainError } from '../../../src/common/domain-error.js';
import { ZodPipe } from '../../../src/common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { UnitOfWork } from '../../../src/database/unit-of-work.js';
import { InboundPipeline } from '../../../src/inbound/inbound-pipeline.js';
import { CHANNEL_ID } from '../direct-line/transcript.js';
import { BotServiceAccessGuard } from './bot-service-access.guard.js';
import { BotServiceAdapter, withDates } from './bot-service.adapter.js';
import { BotServiceConversations } from './bot-service-conversations.js';
import type { BotServiceTurnPayload } from './bot-service-turns.js';
import { botServiceActivitySchema } from './bot-service.schemas.js';
import { serviceUrlPolicyOf, serviceUrlRefusal, type ServiceUrlPolicy } from './service-url-policy.js';

export const BOT_SERVICE_ADAPTER = Symbol('BOT_SERVICE_ADAPTER');

/**
 * The Bot Framework messaging endpoint, for deployments behind Azure Bot Service (and for the Emulator): the same
 * bot as our own web chat, with replies posted back to the channel's service URL. The channel wants a quick answer:
 * an authenticated activity is stored in the inbound pipeline with the conversation's reference, and answered 202;
 * its turn runs afterwards (BotServiceTurns), and messages the outbox owes the customer follow the same reference.
 */
@ApiExcludeController()
@Controller('api/messages')
@UseGuards(BotServiceAccessGuard)
export class BotServiceController {
  private readonly serviceUrls: ServiceUrlPolicy;

  constructor(
    @Inject(BOT_SERVICE_ADAPTER) private readonly adapter: BotServiceAdapter,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly conversations: BotServiceConversations,
    private readonly unitOfWork: UnitOfWork,
    private readonly pipeline: InboundPipeline,
  ) {
    this.serviceUrls = serviceUrlPolicyOf(config);
  }

  @Post()
  async receive(
    @Headers('authorization') authorization: string | undefined,
    @Body(new ZodPipe(botServiceActivitySchema)) body: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    // Replies go to the serviceUrl the request names: checked before anything runs, signed or not.
    const refusal = serviceUrlRefusal(body.serviceUrl as string, this.serviceUrls);
    if (refusal) {
      const message = `serviceUrl ${refusal}.`;
      throw new DomainError('forbidden', 'untrusted_service_url', message, { fields: [{ field: 'serviceUrl', message }] });
    }
    let answer;
    try {
      // The adapter calls this only once the request is authenticated: an unsigned one never chooses where we write.
      answer = await this.adapter.run(authorization ?? '', withDates(body), async (context) => {
        // An invoke wants its answer in this response, which a turn run later cannot give; the bot answers none.
        if (context.activity.type === ActivityTypes.Invoke) return;
        const { activity } = context;
        const payload: BotServiceTurnPayload = { activity: body };
        await this.unitOfWork.transaction(async () => {
          await this.conversations.remember(activity);
          await this.pipeline.store({
            channel: CHANNEL_ID,
            conversationKey: activity.conversation.id,
            // the channel's id for the activity, the same when it retries; one without is never a retry of another
            providerId: activity.id ?? randomUUID(),
            payload,
            receivedAt: this.clock.now().toISOString(),
          });
        });
      });
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) {
        throw new DomainError('unauthorised', 'bot_framework_unauthorised', 'The request is not signed by the Bot Framework.');
      }
      throw error;
    }
    response.status(answer?.status ?? 202);
    return answer?.body ?? '';
  }
}
