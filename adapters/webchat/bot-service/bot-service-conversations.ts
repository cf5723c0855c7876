import { Inject, Injectable } from '@nestjs/common';
import { TurnContext, type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { Sql } from '../../../src/database/sql.js';
import { UnitOfWork } from '../../../src/database/unit-of-work.js';

const UPSERT = new Sql(
  `INSERT INTO bot_service_conversations (id, channel_id, reference, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, reference = excluded.reference, updated_at = excluded.updated_at`,
);
const FIND = new Sql('SELECT reference FROM bot_service_conversations WHERE id = ?');

/**
 * The conversation references of /api/messages conversations, newest turn wins: a channel may move a conversation
 * to another service URL, and a message sent later must follow it.
 */
@Injectable()
export class BotServiceConversations {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Call only for an activity the adapter has authenticated: the reference says where our messages will go. */
  async remember(activity: Activity): Promise<void> {
    const reference = referenceOf(activity);
    const now = this.clock.now().toISOString();
    await this.unitOfWork.transaction((manager) =>
      UPSERT.run(manager, [reference.conversation.id, reference.channelId, JSON.stringify(reference), now, now]),
    );
  }

  async find(conversationId: string): Promise<Partial<ConversationReference> | null> {
    const { rows } = await this.unitOfWork.read((manager) => FIND.run<{ reference: string }>(manager, [conversationId]));
    return rows.length > 0 ? (JSON.parse(rows[0].reference) as Partial<ConversationReference>) : null;
  }
}

function referenceOf(activity: Activity): Partial<ConversationReference> & Pick<ConversationReference, 'conversation' | 'channelId'> {
  // What is sent later answers no particular activity: keep the conversation, not the activity it came with.
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity);
  // The connector needs only the user's id; their display name is personal data we have no use for here.
  const { name: _name, ...user } = reference.user ?? ({} as ChannelAccount);
  return { ...reference, user: user as ChannelAccount, conversation: reference.conversation!, channelId: reference.channelId! };
}
