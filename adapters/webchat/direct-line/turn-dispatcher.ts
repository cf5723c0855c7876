import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { TurnContext, type Activity, type ActivityHandler } from 'botbuilder';
import { BOT } from '../../../dialogs/tokens.js';
import { UnitOfWork } from '../../../src/database/unit-of-work.js';
import { apology, loggableError } from '../turn-errors.js';
import { ActivitySignal } from './activity-signal.js';
import { DirectLineAdapter } from './direct-line.adapter.js';
import { Transcript } from './transcript.js';

/**
 * Hands stored inbound activities to the bot, one turn at a time per conversation and in the order they arrived.
 * A turn is one transaction: the mark that the activity was handled, the dialog state, whatever the bot did in the
 * core and the replies it sent are kept together or not at all. So a turn cut short by a stop or a crash leaves
 * nothing behind and runs at the next start; a turn that fails is undone, and the customer gets an apology.
 */
@Injectable()
export class TurnDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebChat');
  private readonly adapter: DirectLineAdapter;
  private readonly queues = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly transcript: Transcript,
    private readonly unitOfWork: UnitOfWork,
    @Inject(BOT) private readonly bot: ActivityHandler,
    private readonly signal: ActivitySignal,
  ) {
    this.adapter = new DirectLineAdapter(transcript);
  }

  /** Runs, after whatever the conversation is already running, the bot on everything it has waiting. */
  deliver(conversationId: string): void {
    if (this.stopping) return;
    const next = (this.queues.get(conversationId) ?? Promise.resolve())
      .then(() => this.drain(conversationId))
      .catch((error: unknown) => this.logger.error({ error: loggableError(error), conversationId }, 'Web chat delivery failed'));
    this.queues.set(conversationId, next);
    void next.then(() => {
      if (this.queues.get(conversationId) === next) this.queues.delete(conversationId);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const conversationId of await this.transcript.waiting()) this.deliver(conversationId);
  }

  /** Lets running turns finish before the database closes; what has not started waits for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.queues.values());
  }

  private async drain(conversationId: string): Promise<void> {
    for (const { id, activity } of await this.transcript.undelivered(conversationId)) {
      if (this.stopping) return;
      await this.turn(id, activity);
      // the replies were stored inside the turn's transaction, which has committed (or been undone) by now
      this.signal.committed(conversationId);
    }
  }

  private async turn(id: string, activity: Activity): Promise<void> {
    try {
      await this.unitOfWork.transaction(async () => {
        await this.transcript.hold(activity.conversation.id);
        // another instance took it first
        if (!(await this.transcript.claim(id))) return;
        await this.adapter.processActivity(activity, (context) => this.bot.run(context));
      });
    } catch (error) {
      const errorId = randomUUID();
      this.logger.error({ error: loggableError(error), errorId, conversationId: activity.conversation.id }, 'The bot failed during a turn');
      // Nothing of the turn was kept. It counts as handled all the same, so that a message the bot cannot take is
      // not tried again and again.
      if (await this.transcript.claim(id)) {
        const reply = TurnContext.applyConversationReference(apology(errorId), TurnContext.getConversationReference(activity));
        await this.transcript.record(activity.conversation.id, reply);
      }
    }
  }
}
