import { Inject, Injectable } from '@nestjs/common';
import { TurnContext, type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { BotServiceConversationRepository } from './bot-service-conversation.repository.js';

/**
 * The conversation references of /api/messages conversations, newest turn wins: a channel may move a conversation
 * to another service URL, and a message sent later must follow it.
 */
@Injectable()
export class BotServiceConversations {
  constructor(
    private readonly conversations: BotServiceConversationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Call only for an activity the adapter has authenticated: the reference says where our messages will go. */
  async remember(activity: Activity): Promise<void> {
    const reference = referenceOf(activity);
    const now = this.clock.now().toISOString();
    await this.conversations.save(reference.conversation.id, reference.channelId, JSON.stringify(reference), now);
  }

  async find(conversationId: string): Promise<Partial<ConversationReference> | null> {
    const reference = await this.conversations.referenceOf(conversationId);
    return reference === null ? null : (JSON.parse(reference) as Partial<ConversationReference>);
  }
}

function referenceOf(activity: Activity): Partial<ConversationReference> & Pick<ConversationReference, 'conversation' | 'channelId'> {
  // What is sent later answers no particular activity: keep the conversation, not the activity it came with.
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity);
  // The connector needs only the user's id; their display name is personal data we have no use for here.
  const { name: _name, ...user } = reference.user ?? ({} as ChannelAccount);
  return { ...reference, user: user as ChannelAccount, conversation: reference.conversation!, channelId: reference.channelId! };
}
