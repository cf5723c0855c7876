import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Activity, ActivityHandler, ResourceResponse, TurnContext } from 'botbuilder';
import { BOT } from '../../../dialogs/tokens.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { UnitOfWork } from '../../../src/database/unit-of-work.js';
import { InboundMessageAlreadyHandled, type InboundMessage, type InboundTurn } from '../../../src/inbound/inbound-pipeline.js';
import { apology, loggableError } from '../turn-errors.js';
import { BOT_SERVICE_ADAPTER } from './bot-service.controller.js';
import { withDates, type BotServiceAdapter } from './bot-service.adapter.js';
import { serviceUrlPolicyOf, serviceUrlRefusal } from './service-url-policy.js';

/** What the inbound pipeline keeps of an /api/messages activity: the activity as the channel posted it. */
export interface BotServiceTurnPayload {
  activity: Record<string, unknown>;
}

/**
 * Turns of /api/messages conversations, run from the inbound pipeline after the channel was answered. The dialog
 * state, whatever the bot did in the core and the mark that the activity was handled commit together; the replies
 * are held until then and posted after, to the conversation's service URL, so that a connector slow to answer never
 * holds a transaction open and a turn undone never said anything.
 */
@Injectable()
export class BotServiceTurns {
  private readonly logger = new Logger('BotService');

  constructor(
    @Inject(BOT_SERVICE_ADAPTER) private readonly adapter: BotServiceAdapter,
    @Inject(BOT) private readonly bot: Pick<ActivityHandler, 'run'>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async run(message: InboundMessage<BotServiceTurnPayload>, turn: InboundTurn): Promise<void> {
    const activity = withDates(message.payload.activity);
    // Checked when it came and again now: a set-up changed since (anonymous then, signed now) must not send our
    // credentials elsewhere.
    const refusal = serviceUrlRefusal(activity.serviceUrl, serviceUrlPolicyOf(this.config));
    if (refusal) {
      this.logger.warn({ conversationId: message.conversationKey, refusal }, 'An /api/messages turn was not run: its service URL is no longer allowed');
      await this.unitOfWork.transaction(() => turn.handled('refused'));
      return;
    }
    let lost: unknown;
    await this.adapter.runReceived(this.config.MICROSOFT_APP_ID ?? '', activity, async (context) => {
      const held: Partial<Activity>[] = [];
      let holding = true;
      context.onSendActivities(async (_context, activities, next) => {
        if (!holding) return next();
        held.push(...activities);
        return activities.map((): ResourceResponse => ({ id: '' }));
      });
      try {
        await this.unitOfWork.transaction(async () => {
          await this.bot.run(context);
          await turn.handled('dialog');
        });
      } catch (error) {
        if (error instanceof InboundMessageAlreadyHandled) {
          lost = error;
          return;
        }
        held.splice(0, held.length, ...(await this.failed(error, context, turn)));
      }
      holding = false;
      if (held.length > 0) await this.post(context, held);
    });
    // another instance ran it meanwhile: nothing of this turn was kept, and it said nothing
    if (lost) throw lost;
  }

  /** Nothing of the turn was kept. It counts as handled all the same, so a message the bot cannot take is not tried again and again. */
  private async failed(error: unknown, context: TurnContext, turn: InboundTurn): Promise<Partial<Activity>[]> {
    const errorId = randomUUID();
    this.logger.error({ error: loggableError(error), errorId, channelId: context.activity.channelId }, 'The bot failed during a turn');
    await this.unitOfWork.transaction(() => turn.handled('turn_failed'));
    return [apology(errorId)];
  }

  private async post(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    try {
      await context.sendActivities(activities);
    } catch (error) {
      // the turn is kept; as when a connector failed while the channel waited, what it said is lost
      this.logger.error({ error: loggableError(error), channelId: context.activity.channelId }, 'The replies of an /api/messages turn could not be posted');
    }
  }
}
