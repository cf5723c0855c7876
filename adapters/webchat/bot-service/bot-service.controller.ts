import { Body, Controller, Headers, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Activity, ActivityHandler } from 'botbuilder';
import type { Response } from 'express';
import { BOT } from '../../../dialogs/tokens.js';
import { DomainError } from '../../../src/common/domain-error.js';
import { ZodPipe } from '../../../src/common/http/zod-body.pipe.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { BotServiceAccessGuard } from './bot-service-access.guard.js';
import { BotServiceAdapter } from './bot-service.adapter.js';
import { BotServiceConversations } from './bot-service-conversations.js';
import { botServiceActivitySchema } from './bot-service.schemas.js';
import { serviceUrlPolicyOf, serviceUrlRefusal, type ServiceUrlPolicy } from './service-url-policy.js';

export const BOT_SERVICE_ADAPTER = Symbol('BOT_SERVICE_ADAPTER');

/**
 * The Bot Framework messaging endpoint, for deployments behind Azure Bot Service (and for the Emulator): the same
 * bot as our own web chat, with replies posted back to the channel's service URL. Each turn keeps the conversation's
 * reference, so that messages the outbox owes the customer can follow later.
 */
@ApiExcludeController()
@Controller('api/messages')
@UseGuards(BotServiceAccessGuard)
export class BotServiceController {
  private readonly serviceUrls: ServiceUrlPolicy;

  constructor(
    @Inject(BOT_SERVICE_ADAPTER) private readonly adapter: BotServiceAdapter,
    @Inject(BOT) private readonly bot: ActivityHandler,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly conversations: BotServiceConversations,
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
        await this.conversations.remember(context.activity);
        await this.bot.run(context);
      });
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) {
        throw new DomainError('unauthorised', 'bot_framework_unauthorised', 'The request is not signed by the Bot Framework.');
      }
      throw error;
    }
    response.status(answer?.status ?? 200);
    return answer?.body ?? '';
  }
}

/** As CloudAdapter.process does: the instants arrive as strings and botbuilder expects dates. */
function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']]) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}
