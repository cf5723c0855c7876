import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Activity, ActivityTimestamps, ChannelAccount } from 'botbuilder';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { isUniqueViolation, UnitOfWork } from '../../../src/database/unit-of-work.js';
import { WebChatActivityRecord, WebChatConversationRecord } from './direct-line.entities.js';
import type { PostedActivity } from './direct-line.schemas.js';

/** The bot's account in every web chat conversation (botbuilder's type wants a name; the wire does not). */
export const BOT_ACCOUNT: Readonly<ChannelAccount> = Object.freeze({ id: 'redress', role: 'bot' } as ChannelAccount);
export const CHANNEL_ID = 'webchat';
/** Replies never leave through a service URL here: the adapter stores them. The field is required, so it says so. */
export const SERVICE_URL = 'urn:redress:directline';

/** Activity types the client never sees: the bot's own bookkeeping of who joined. */
const HIDDEN_TYPES = new Set(['conversationUpdate']);

export interface ActivityPage {
  activities: Partial<Activity>[];
  watermark: string;
}

/**
 * The history of web chat conversations: every activity, from the customer or the bot, numbered in order.
 * The number is the Direct Line watermark, so a client polling after a restart carries on where it was.
 */
@Injectable()
export class Transcript {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new conversation, and the conversationUpdate that tells the bot who joined. */
  async start(locale: string | undefined): Promise<WebChatConversationRecord> {
    const now = this.clock.now().toISOString();
    const conversation = Object.assign(new WebChatConversationRecord(), {
      id: randomBytes(16).toString('base64url'),
      // `dl_` marks a user id that only a token may carry (DirectLineJS refuses it from page code)
      userId: `dl_${randomBytes(12).toString('base64url')}`,
      locale: locale ?? null,
      lastSeq: 0,
      createdAt: now,
      updatedAt: now,
    });
    await this.unitOfWork.transaction(async (manager) => {
      await manager.insert(WebChatConversationRecord, conversation);
      const user = { id: conversation.userId, role: 'user' } as ChannelAccount;
      await this.append(manager, conversation.id, true, null, {
        type: 'conversationUpdate',
        membersAdded: [user, { ...BOT_ACCOUNT }],
        locale: conversation.locale ?? undefined,
        ...this.address(conversation, user),
      });
    });
    return conversation;
  }

  find(conversationId: string): Promise<WebChatConversationRecord | null> {
    return this.unitOfWork.read((manager) => manager.findOneBy(WebChatConversationRecord, { id: conversationId }));
  }

  /**
   * Stores an activity the client posted, before anyone acknowledges or acts on it. A second post with the same
   * client activity id is the client retrying: it gets the first one's id and is not stored again.
   */
  async receive(
    conversation: WebChatConversationRecord,
    activity: PostedActivity,
    clientActivityId: string | null,
  ): Promise<{ id: string; duplicate: boolean }> {
    const { from, ...posted } = activity;
    return this.appendOnce(conversation.id, true, clientActivityId, {
      // as posted: its instants stay strings until the bot gets it (see `revive`)
      ...(posted as unknown as Partial<Activity>),
      ...this.address(conversation, { ...from, id: conversation.userId, role: 'user' } as ChannelAccount),
      locale: activity.locale ?? conversation.locale ?? undefined,
    });
  }

  /** Stores one activity the bot sent in reply, and returns its id. */
  async record(conversationId: string, activity: Partial<Activity>): Promise<string> {
    return this.unitOfWork.transaction((manager) =>
      this.append(manager, conversationId, false, null, { ...activity, from: { ...BOT_ACCOUNT }, channelId: CHANNEL_ID }),
    );
  }

  /**
   * Stores a message the organisation sends outside any turn (a staff reply, a status update), once: `key` is the
   * sender's id for it, and storing it again (a retry) answers the first one's id.
   */
  async notify(conversation: WebChatConversationRecord, text: string, locale: string | undefined, key: string): Promise<string> {
    const { id } = await this.appendOnce(conversation.id, false, key, {
      type: 'message',
      text,
      textFormat: 'plain',
      locale: locale ?? conversation.locale ?? undefined,
      ...this.address(conversation, { ...BOT_ACCOUNT }),
      recipient: { id: conversation.userId, role: 'user' } as ChannelAccount,
    });
    return id;
  }

  /** What the client has not seen yet: activities after `watermark`, at most `limit`, and the watermark to ask with next. */
  async since(conversationId: string, watermark: number, limit = 100): Promise<ActivityPage> {
    const rows = await this.unitOfWork.read((manager) =>
      manager.find(WebChatActivityRecord, {
        where: { conversationId, seq: MoreThan(watermark) },
        order: { seq: 'ASC' },
        take: limit,
      }),
    );
    return {
      activities: rows.filter((row) => !HIDDEN_TYPES.has(row.type)).map((row) => JSON.parse(row.body) as Partial<Activity>),
      watermark: String(rows.at(-1)?.seq ?? watermark),
    };
  }

  /** Inbound activities of a conversation the bot has not been given yet, oldest first. */
  async undelivered(conversationId: string): Promise<{ id: string; activity: Activity }[]> {
    const rows = await this.unitOfWork.read((manager) =>
      manager.find(WebChatActivityRecord, {
        where: { conversationId, inbound: true, deliveredAt: IsNull() },
        order: { seq: 'ASC' },
      }),
    );
    return rows.map((row) => ({ id: row.id, activity: revive(JSON.parse(row.body) as Activity) }));
  }

  /** Conversations with inbound activities still waiting for the bot (after a crash or a restart). */
  async waiting(): Promise<string[]> {
    const rows = await this.unitOfWork.read((manager) =>
      manager
        .createQueryBuilder(WebChatActivityRecord, 'activity')
        .select('DISTINCT activity.conversation_id', 'conversationId')
        .where('activity.inbound = :inbound AND activity.delivered_at IS NULL', { inbound: true })
        .getRawMany<{ conversationId: string }>(),
    );
    return rows.map((row) => row.conversationId);
  }

  /**
   * Takes the conversation's row lock for the rest of the transaction. Every writer to a conversation takes it first
   * (appending does), so a turn that takes it before anything else never deadlocks with a post that waits for it.
   */
  async hold(conversationId: string): Promise<void> {
    await this.unitOfWork.transaction((manager) =>
      manager.update(WebChatConversationRecord, { id: conversationId }, { updatedAt: this.clock.now().toISOString() }),
    );
  }

  /** Marks an inbound activity as given to the bot; false when another worker (or instance) already took it. */
  async claim(activityId: string): Promise<boolean> {
    const result = await this.unitOfWork.transaction((manager) =>
      manager.update(WebChatActivityRecord, { id: activityId, deliveredAt: IsNull() }, { deliveredAt: this.clock.now().toISOString() }),
    );
    return result.affected === 1;
  }

  /** Appends an activity unless one with the same client id (`key`) is already there; then answers that one's id. */
  private async appendOnce(
    conversationId: string,
    inbound: boolean,
    key: string | null,
    activity: Partial<Activity>,
  ): Promise<{ id: string; duplicate: boolean }> {
    const earlier = () => (key ? this.byClientId(conversationId, key) : Promise.resolve(null));
    const before = await earlier();
    if (before) return { id: before.id, duplicate: true };
    try {
      const id = await this.unitOfWork.transaction((manager) => this.append(manager, conversationId, inbound, key, activity));
      return { id, duplicate: false };
    } catch (error) {
      // the same one arrived twice at once, and the other was stored first
      const raced = isUniqueViolation(error) ? await earlier() : null;
      if (raced) return { id: raced.id, duplicate: true };
      throw error;
    }
  }

  private async byClientId(conversationId: string, clientActivityId: string): Promise<WebChatActivityRecord | null> {
    return this.unitOfWork.read((manager) => manager.findOneBy(WebChatActivityRecord, { conversationId, clientActivityId }));
  }

  /** Takes the conversation's next number (the row lock orders concurrent writers on PostgreSQL) and stores the activity. */
  private async append(
    manager: EntityManager,
    conversationId: string,
    inbound: boolean,
    clientActivityId: string | null,
    activity: Partial<Activity>,
  ): Promise<string> {
    const now = this.clock.now().toISOString();
    await manager.update(WebChatConversationRecord, { id: conversationId }, { lastSeq: () => 'last_seq + 1', updatedAt: now });
    const { lastSeq: seq } = await manager.findOneByOrFail(WebChatConversationRecord, { id: conversationId });
    const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
    const stored = { ...activity, id, timestamp: now };
    await manager.insert(WebChatActivityRecord, {
      id,
      conversationId,
      seq,
      type: activity.type ?? 'message',
      inbound,
      clientActivityId,
      deliveredAt: null,
      createdAt: now,
      body: JSON.stringify(stored),
    });
    return id;
  }

  private address(conversation: WebChatConversationRecord, from: ChannelAccount): Partial<Activity> {
    return {
      channelId: CHANNEL_ID,
      serviceUrl: SERVICE_URL,
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      from,
      recipient: { ...BOT_ACCOUNT },
    };
  }
}

/** The activity's instants are strings in JSON and dates in botbuilder, which keeps the strings as `raw…`. */
function revive(activity: Activity): ActivityTimestamps {
  const raw = activity as unknown as { timestamp?: string; localTimestamp?: string };
  return {
    ...activity,
    timestamp: raw.timestamp ? new Date(raw.timestamp) : undefined,
    rawTimestamp: raw.timestamp,
    localTimestamp: raw.localTimestamp ? new Date(raw.localTimestamp) : undefined,
    rawLocalTimestamp: raw.localTimestamp,
  };
}
