import { Injectable } from '@nestjs/common';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { BotServiceConversationRepository } from './bot-service/bot-service-conversation.repository.js';
import { ChatLimits } from './direct-line/chat-limits.js';
import { CHANNEL_ID } from './direct-line/transcript.js';
import { WebChatConversationRepository } from './direct-line/web-chat-conversation.repository.js';

const PREFIX = 'webchat:';

/**
 * Web chat transcripts (Direct Line conversations and every activity in them, both ways) and where Bot Service
 * conversations are reached. A conversation that became a complaint is the complaint's record and is kept.
 */
@Injectable()
export class WebChatCustomerData implements CustomerDataSource {
  readonly name = 'webchat';

  constructor(
    private readonly directLine: WebChatConversationRepository,
    private readonly botService: BotServiceConversationRepository,
    private readonly limits: ChatLimits,
  ) {}

  /** A Direct Line user's state keys on the user id its token carries; a Bot Service conversation's on its own channel. */
  async dialogStateKeys(conversations: readonly string[]): Promise<string[]> {
    const ids = idsOf(conversations);
    return [
      ...(await this.directLine.ofIds(ids)).map((c) => `${CHANNEL_ID}/users/${c.userId}/`),
      ...(await this.botService.ofIds(ids)).map((c) => `${c.channelId}/conversations/${c.id}/`),
    ];
  }

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const ids = idsOf(subject.conversations);
    const conversations = await this.directLine.ofIds(ids);
    const activities = await this.directLine.activitiesOf(ids);
    const botService = await this.botService.ofIds(ids);
    return {
      conversations: conversations.map((conversation) => ({
        ...conversation,
        activities: activities
          .filter((a) => a.conversationId === conversation.id)
          .sort((a, b) => a.seq - b.seq)
          .map(({ body, ...activity }) => ({ ...activity, activity: JSON.parse(body) as unknown })),
      })),
      botServiceConversations: botService.map(({ reference, ...rest }) => ({ ...rest, reference: JSON.parse(reference) as unknown })),
    };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const ids = idsOf(subject.conversations);
    return {
      ...(await this.directLine.delete(ids)),
      botServiceConversations: await this.botService.delete(ids),
      messageLimits: await this.limits.forgetConversations(ids),
    };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const before = cutoffs.abandonedConversationsBefore;
    const abandoned = async (ids: string[]) => {
      const kept = await links.linked(ids.map((id) => PREFIX + id), 'any');
      return ids.filter((id) => !kept.has(PREFIX + id));
    };
    const chats = await abandoned(await this.directLine.updatedBefore(before));
    const botService = await abandoned(await this.botService.updatedBefore(before));
    return { ...(await this.directLine.delete(chats)), botServiceConversations: await this.botService.delete(botService) };
  }
}

function idsOf(conversations: readonly string[]): string[] {
  return conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length));
}
