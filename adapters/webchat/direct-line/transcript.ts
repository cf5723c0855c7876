import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Activity, ActivityTimestamps, ChannelAccount } from 'botbuilder';
import { DomainError } from '../../../src/common/domain-error.js';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { isUniqueViolation, UnitOfWork } from '../../../src/database/unit-of-work.js';
import { InboundPipeline } from '../../../src/inbound/inbound-pipeline.js';
import { ActivitySignal, type StoredActivity } from './activity-signal.js';
import { followingFrame, HIDDEN_TYPES } from './activity-frame.js';
import { WebChatConversationRecord, type WebChatUploadRecord } from './direct-line.entities.js';
import type { PostedActivity } from './direct-line.schemas.js';
import { WebChatConversationRepository } from './web-chat-conversation.repository.js';

/** The bot's account in every web chat conversation (botbuilder's type wants a name; the wire does not). */
export const BOT_ACCOUNT: Readonly<ChannelAccount> = Object.freeze({ id: 'redress', role: 'bot' } as ChannelAccount);
export const CHANNEL_ID = 'webchat';
/** Replies never leave through a service URL here: the adapter stores them. The field is required, so it says so. */
export const SERVICE_URL = 'urn:redress:directline';


/**
 * Inbound activities kept from their post until their turn takes them, so that a turn on the instance that stored its
 * activity need not read it back; at most this many (a turn another instance runs reads its own).
 */
const RECEIVED_KEPT = 256;

/** What an activity appended to a conversation takes from it. */
type ConversationFacts = Pick<WebChatConversationRecord, 'id' | 'userId' | 'locale'>;

/** What the inbound pipeline keeps of a Direct Line activity for the bot: where it is in the history. */
export interface DirectLineTurnPayload {
  activityId: string;
  /**
   * How many files were uploaded with it: none spares its turn looking for them. Absent in what was stored before
   * the count was kept, whose turns look.
   */
  files?: number;
}

/** A file uploaded with an activity: its bytes, or none when it was larger than the limit while it was read. */
export interface UploadedFile {
  name?: string;
  bytes?: Buffer;
}

export interface ActivityPage {
  activities: Partial<Activity>[];
  watermark: string;
}

/**
 * The history of web chat conversations: every activity, from the customer or the bot, numbered in order.
 * The number is the Direct Line watermark, so a client polling or reconnecting its stream after a restart carries on
 * where it was. Each activity for the bot is also stored in the inbound pipeline, in the same transaction, which runs
 * its turn (see DirectLineTurns).
 */
@Injectable()
export class Transcript {
  /** Activity id to the body stored, of inbound activities committed here whose turn has not taken them yet. */
  private readonly received = new Map<string, string>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: WebChatConversationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly signal: ActivitySignal,
    private readonly pipeline: InboundPipeline,
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
    await this.unitOfWork.transaction(async () => {
      await this.conversations.insert(conversation);
      const user = { id: conversation.userId, role: 'user' } as ChannelAccount;
      const greeting = await this.append(conversation.id, true, null, () => ({
        type: 'conversationUpdate',
        membersAdded: [user, { ...BOT_ACCOUNT }],
        locale: conversation.locale ?? undefined,
        ...this.address(conversation, user),
      }));
      this.keepForItsTurn(greeting);
      await this.forTheBot(conversation.id, greeting.id, greeting.id, 0);
    });
    return conversation;
  }

  find(conversationId: string): Promise<WebChatConversationRecord | null> {
    return this.conversations.find(conversationId);
  }

  /**
   * Stores an activity the client posted, and its turn, before anyone acknowledges or acts on it. A second post with
   * the same client activity id is the client retrying: it gets the first one's id and is not stored again. A
   * conversation that does not exist is a 404 (DirectLineJS then ends it).
   */
  async receive(
    conversationId: string,
    activity: PostedActivity,
    clientActivityId: string | null,
    files: UploadedFile[] = [],
  ): Promise<{ id: string; duplicate: boolean }> {
    const { from, ...posted } = activity;
    // the history shows the customer's message with the names of its files; the files themselves wait for the turn
    const attachments = files.length > 0 ? { attachments: files.map((file) => ({ contentType: 'application/octet-stream', name: file.name ?? 'file' })) } : {};
    const stored = await this.announcing(conversationId, () =>
      this.appendOnce(
        conversationId,
        true,
        clientActivityId,
        (conversation) => ({
          // as posted: its instants stay strings until the bot gets it (see `revive`)
          ...(posted as unknown as Partial<Activity>),
          ...this.address(conversation, { ...from, id: conversation.userId, role: 'user' } as ChannelAccount),
          locale: activity.locale ?? conversation.locale ?? undefined,
          ...attachments,
        }),
        async (appended) => {
          const { id } = appended;
          this.keepForItsTurn(appended);
          await this.conversations.insertUploads(files.map((file, position) => this.upload(conversationId, id, position, file)));
          await this.forTheBot(conversationId, id, clientActivityId ?? id, files.length);
        },
      ),
    );
    return { id: stored.id, duplicate: stored.duplicate };
  }

  /** The files uploaded with an inbound activity, in order. */
  async uploadsOf(activityId: string): Promise<UploadedFile[]> {
    return (await this.conversations.uploadsOf(activityId)).map((row) => ({
      ...(row.name !== null ? { name: row.name } : {}),
      ...(row.content !== null ? { bytes: Buffer.from(row.content, 'base64') } : {}),
    }));
  }

  /** Lets go of an activity's files once its turn has handed them on (in the turn's transaction). */
  async handedOn(activityId: string): Promise<void> {
    await this.conversations.deleteUploadsOf(activityId);
  }

  private upload(conversationId: string, activityId: string, position: number, file: UploadedFile): WebChatUploadRecord {
    return {
      id: `${activityId}:${position}`,
      conversationId,
      activityId,
      position,
      name: file.name?.slice(0, 255) ?? null,
      content: file.bytes ? file.bytes.toString('base64') : null,
      createdAt: this.clock.now().toISOString(),
    };
  }

  /**
   * An inbound activity, as the bot gets it, for its turn: as this instance stored it, or read; null once retention
   * has let its conversation go. Activities are never changed once stored, so the body kept is the body stored.
   */
  async activity(id: string): Promise<Activity | null> {
    const kept = this.received.get(id);
    if (kept !== undefined) this.received.delete(id);
    const body = kept ?? (await this.conversations.activityBody(id));
    return body === null ? null : revive(JSON.parse(body) as Activity);
  }

  /**
   * Keeps an inbound activity for its turn once its transaction has committed (before its turn, stored after it in
   * the same transaction, is handed over), and never if it is undone: its id would be given to the next activity.
   */
  private keepForItsTurn({ id, body }: { id: string; body: string }): void {
    this.unitOfWork.afterCommit(() => {
      if (this.received.size >= RECEIVED_KEPT) this.received.delete(this.received.keys().next().value as string);
      this.received.set(id, body);
    });
  }

  /**
   * Stores one activity the bot sent in reply, and returns its id. In a transaction the caller joined, the caller
   * tells the streams once it commits, and `appended` collects what it stored for them.
   */
  async record(conversationId: string, activity: Partial<Activity>, appended?: StoredActivity[]): Promise<string> {
    const { stored } = await this.announcing(conversationId, async () => ({
      stored: await this.unitOfWork.transaction(() =>
        this.append(conversationId, false, null, () => ({ ...activity, from: { ...BOT_ACCOUNT }, channelId: CHANNEL_ID })),
      ),
    }));
    appended?.push(stored);
    return stored.id;
  }

  /**
   * Stores a message the organisation sends outside any turn (a staff reply, a status update), once: `key` is the
   * sender's id for it, and storing it again (a retry) answers the first one's id.
   */
  /** `from` names who wrote it (a staff reply's signature); the assistant's own messages have none. */
  async notify(conversation: WebChatConversationRecord, text: string, locale: string | undefined, key: string, from?: string): Promise<string> {
    const { id } = await this.announcing(conversation.id, () =>
      this.appendOnce(conversation.id, false, key, () => ({
        type: 'message',
        text,
        textFormat: 'plain',
        locale: locale ?? conversation.locale ?? undefined,
        ...this.address(conversation, from ? { ...BOT_ACCOUNT, name: from } : { ...BOT_ACCOUNT }),
        recipient: { id: conversation.userId, role: 'user' } as ChannelAccount,
      })),
    );
    return id;
  }

  /** What the client has not seen yet: activities after `watermark`, at most `limit`, and the watermark to ask with next. */
  async since(conversationId: string, watermark: number, limit = 100): Promise<ActivityPage> {
    const rows = await this.conversations.activitiesAfter(conversationId, watermark, limit);
    return {
      activities: rows.filter((row) => !HIDDEN_TYPES.has(row.type)).map((row) => JSON.parse(row.body) as Partial<Activity>),
      watermark: String(rows.at(-1)?.seq ?? watermark),
    };
  }

  /**
   * As `since`, for a stream, which sends all that follows a page at a time: the page as the text frame it sends
   * (`{ activities, watermark }`, the stored activities as they are rather than parsed and written out again), or
   * null when it holds none the client sees; the watermark it ends at; and whether more wait beyond it.
   */
  async followingFrame(conversationId: string, watermark: number, limit = 100): Promise<{ frame: string | null; watermark: number; more: boolean }> {
    const rows = await this.conversations.activitiesAfter(conversationId, watermark, limit);
    return { ...followingFrame(rows, watermark), more: rows.length === limit };
  }

  /**
   * The newest watermark of each of these conversations, committed by any instance: one cheap read tells which open
   * streams are behind.
   */
  lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>> {
    return this.conversations.lastSeqs(conversationIds);
  }

  /**
   * Takes the conversation's row lock for the rest of the transaction. Every writer to a conversation takes it first
   * (appending does), so a turn that takes it before anything else never deadlocks with a post that waits for it.
   */
  async hold(conversationId: string): Promise<boolean> {
    return this.unitOfWork.transaction(() => this.conversations.hold(conversationId, this.clock.now().toISOString()));
  }

  /**
   * Appends an activity unless one with the same client id (`key`) is already there; then answers that one's id.
   * A retry is told apart by the unique key when it is stored, not by looking first: a retry is rare, and its
   * transaction is undone, so the conversation's numbering skips nothing.
   */
  private async appendOnce(
    conversationId: string,
    inbound: boolean,
    key: string | null,
    build: (conversation: ConversationFacts) => Partial<Activity>,
    alsoInTransaction?: (appended: StoredActivity & { id: string }) => Promise<void>,
  ): Promise<{ id: string; duplicate: boolean; stored?: StoredActivity }> {
    try {
      const stored = await this.unitOfWork.transaction(async () => {
        const appended = await this.append(conversationId, inbound, key, build);
        await alsoInTransaction?.(appended);
        return appended;
      });
      return { id: stored.id, duplicate: false, stored };
    } catch (error) {
      const earlier = key && isUniqueViolation(error) ? await this.conversations.activityIdByClientId(conversationId, key) : null;
      if (earlier) return { id: earlier, duplicate: true };
      throw error;
    }
  }

  /**
   * Runs work that stores an activity (`stored` in its result, none for a retry's) and then tells the open streams,
   * once it has committed, handing it over. Work that joined a transaction (a turn's) commits later: whoever runs that
   * transaction tells them then.
   */
  private async announcing<T extends { stored?: StoredActivity }>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const joined = this.unitOfWork.inTransaction;
    const result = await work();
    if (!joined) this.signal.committed(conversationId, result.stored ? [result.stored] : []);
    return result;
  }

  /**
   * Takes the conversation's next number (the row lock orders concurrent writers on PostgreSQL) and stores the
   * activity `build` makes from the conversation.
   */
  private async append(
    conversationId: string,
    inbound: boolean,
    clientActivityId: string | null,
    build: (conversation: ConversationFacts) => Partial<Activity>,
  ): Promise<StoredActivity & { id: string }> {
    const now = this.clock.now().toISOString();
    const next = await this.conversations.nextSeq(conversationId, now);
    // DirectLineJS ends the conversation on a 404
    if (!next) throw new DomainError('not_found', 'conversation_not_found', 'There is no such conversation.');
    const { seq, userId, locale } = next;
    const activity = build({ id: conversationId, userId, locale });
    const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
    const type = activity.type ?? 'message';
    const body = JSON.stringify({ ...activity, id, timestamp: now });
    await this.conversations.insertActivity({ id, conversationId, seq, type, inbound, clientActivityId, createdAt: now, body });
    return { id, seq, type, body };
  }

  /** The turn an inbound activity is owed, stored with it: the client's id for it, when it gave one, is the provider id. */
  private async forTheBot(conversationId: string, activityId: string, providerId: string, files: number): Promise<void> {
    const payload: DirectLineTurnPayload = { activityId, files };
    await this.pipeline.store({ channel: CHANNEL_ID, conversationKey: conversationId, providerId, payload, receivedAt: this.clock.now().toISOString() });
  }

  private address(conversation: ConversationFacts, from: ChannelAccount): Partial<Activity> {
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
