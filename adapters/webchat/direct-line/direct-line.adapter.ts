import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { StoredActivity } from './activity-signal.js';
import type { Transcript } from './transcript.js';

/** Where a turn's context keeps what the bot stored, for the streams once the turn commits. */
const STORED = Symbol('stored activities');

/**
 * What the client never gets. botbuilder's pause between messages (`delay`, no ActivityTypes member): replies reach
 * the client only once the turn commits, so a pause would pace nothing and hold the turn's transaction open. The
 * answer to an invoke travels in a channel's HTTP response, and traces are for the Emulator.
 */
const NOT_STORED = new Set<string>(['delay', ActivityTypes.InvokeResponse, ActivityTypes.Trace]);

/**
 * Runs the bot for web chat conversations served by our own Direct Line endpoint (the shape of BotBuilder-Samples'
 * console adapter): an inbound activity becomes a TurnContext, and whatever the bot sends is stored in the
 * conversation's history. When the turn commits, the client's stream sends it (or its next poll finds it).
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly transcript: Transcript) {
    super();
  }

  /**
   * One turn of the bot for an activity already stored in the history; `stored` collects, in order, every activity
   * the bot stores (all that the turn appends to the conversation).
   */
  async processActivity(activity: Activity, logic: (context: TurnContext) => Promise<void>, stored?: StoredActivity[]): Promise<void> {
    const context = new TurnContext(this, activity);
    if (stored) context.turnState.set(STORED, stored);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (NOT_STORED.has(activity.type ?? '')) {
        responses.push({ id: '' });
        continue;
      }
      responses.push({ id: await this.transcript.record(context.activity.conversation.id, activity, context.turnState.get(STORED)) });
    }
    return responses;
  }

  /** The history is append-only, as the client only ever asks for what came after its watermark. */
  async updateActivity(): Promise<void> {
    throw new Error('DirectLineAdapter.updateActivity(): web chat activities cannot be changed once sent.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('DirectLineAdapter.deleteActivity(): web chat activities cannot be deleted once sent.');
  }

  /** A proactive turn: the bot speaks in a conversation without having been spoken to. */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    ) as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
