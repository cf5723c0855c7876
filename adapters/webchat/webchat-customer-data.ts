import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { deleteIn, findIn } from '../../src/privacy/batched-rows.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { BotServiceConversationRecord } from './bot-service/bot-service.entities.js';
import { WebChatActivityRecord, WebChatConversationRecord } from './direct-line/direct-line.entities.js';
import { CHANNEL_ID } from './direct-line/transcript.js';

const PREFIX = 'webchat:';

/**
 * Web chat transcripts (Direct Line conversations and every activity in them, both ways) and where Bot Service
 * conversations are reached. A conversation that became a complaint is the complaint's record and is kept.
 */
@Injectable()
export class WebChatCustomerData implements CustomerDataSource {
  readonly name = 'webchat';

  constructor(private readonly uow: UnitOfWork) {}

  /** A Direct Line user's state keys on the user id its token carries; a Bot Service conversation's on its own channel. */
  async dialogStateKeys(conversations: readonly string[]): Promise<string[]> {
    const ids = idsOf(conversations);
    return this.uow.read(async (manager) => [
      ...(await findIn(manager, WebChatConversationRecord, 'id', ids)).map((c) => `${CHANNEL_ID}/users/${c.userId}/`),
      ...(await findIn(manager, BotServiceConversationRecord, 'id', ids)).map((c) => `${c.channelId}/conversations/${c.id}/`),
    ]);
  }

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const ids = idsOf(subject.conversations);
    return this.uow.read(async (manager) => {
      const conversations = await findIn(manager, WebChatConversationRecord, 'id', ids);
      const activities = await findIn(manager, WebChatActivityRecord, 'conversationId', ids);
      const botService = await findIn(manager, BotServiceConversationRecord, 'id', ids);
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
    });
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const ids = idsOf(subject.conversations);
    return {
      activities: await deleteIn(this.uow, WebChatActivityRecord, 'conversationId', ids),
      conversations: await deleteIn(this.uow, WebChatConversationRecord, 'id', ids),
      botServiceConversations: await deleteIn(this.uow, BotServiceConversationRecord, 'id', ids),
    };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const before = LessThan(cutoffs.abandonedConversationsBefore);
    const [directLine, botService] = await this.uow.read(async (manager) => [
      await manager.find(WebChatConversationRecord, { select: { id: true }, where: { updatedAt: before } }),
      await manager.find(BotServiceConversationRecord, { select: { id: true }, where: { updatedAt: before } }),
    ]);
    const abandoned = async (rows: { id: string }[]) => {
      const kept = await links.linked(rows.map((row) => PREFIX + row.id), 'any');
      return rows.map((row) => row.id).filter((id) => !kept.has(PREFIX + id));
    };
    const chats = await abandoned(directLine);
    return {
      activities: await deleteIn(this.uow, WebChatActivityRecord, 'conversationId', chats),
      conversations: await deleteIn(this.uow, WebChatConversationRecord, 'id', chats),
      botServiceConversations: await deleteIn(this.uow, BotServiceConversationRecord, 'id', await abandoned(botService)),
    };
  }
}

function idsOf(conversations: readonly string[]): string[] {
  return conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length));
}
