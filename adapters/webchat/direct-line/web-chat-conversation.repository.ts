import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { batches, deleteIn, findIn } from '../../../src/database/batched-rows.js';
import { DatabaseAccess } from '../../../src/database/database-access.js';
import { Sql, SqlForLists } from '../../../src/database/sql.js';
import { WebChatActivityRecord, WebChatConversationRecord, WebChatUploadRecord } from './direct-line.entities.js';

/** Every post, poll, turn and reply reads or writes these: by hand (see Sql). */
const FIND_CONVERSATION = new Sql(
  'SELECT id, user_id AS "userId", locale, last_seq AS "lastSeq", created_at AS "createdAt", updated_at AS "updatedAt" FROM webchat_conversations WHERE id = ?',
);
const ACTIVITY_BY_CLIENT_ID = new Sql('SELECT id FROM webchat_activities WHERE conversation_id = ? AND client_activity_id = ?');
const ACTIVITIES_SINCE = new Sql('SELECT seq, type, body FROM webchat_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?');
const ACTIVITY = new Sql('SELECT body FROM webchat_activities WHERE id = ?');
const LAST_SEQS = new SqlForLists((ids) => `SELECT id, last_seq AS "lastSeq" FROM webchat_conversations WHERE id IN (${ids})`);
const TOUCH_CONVERSATION = new Sql('UPDATE webchat_conversations SET updated_at = ? WHERE id = ?');
const NEXT_SEQ = new Sql(
  'UPDATE webchat_conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq AS "lastSeq", user_id AS "userId", locale',
);
const UPLOADS_OF = new Sql(
  'SELECT id, conversation_id AS "conversationId", activity_id AS "activityId", position, name, content, created_at AS "createdAt" FROM webchat_uploads WHERE activity_id = ? ORDER BY position ASC',
);
const DELETE_UPLOADS_OF = new Sql('DELETE FROM webchat_uploads WHERE activity_id = ?');
const INSERT_ACTIVITY = new Sql(
  'INSERT INTO webchat_activities (id, conversation_id, seq, type, inbound, client_activity_id, created_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
);

/** A web chat conversation and its numbered activities, both ways. */
@Injectable()
export class WebChatConversationRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(conversation: WebChatConversationRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(WebChatConversationRecord, conversation));
  }

  async find(conversationId: string): Promise<WebChatConversationRecord | null> {
    const { rows } = await this.db.sql<WebChatConversationRecord>(FIND_CONVERSATION, [conversationId]);
    return rows.length > 0 ? Object.assign(new WebChatConversationRecord(), rows[0]) : null;
  }

  /**
   * Takes the conversation's next number, holding its row for the rest of the caller's transaction (which orders
   * concurrent writers on PostgreSQL); null when there is no such conversation.
   */
  async nextSeq(conversationId: string, at: string): Promise<{ seq: number; userId: string; locale: string | null } | null> {
    const { rows } = await this.db.sql<{ lastSeq: number; userId: string; locale: string | null }>(NEXT_SEQ, [at, conversationId]);
    return rows[0] ? { seq: Number(rows[0].lastSeq), userId: rows[0].userId, locale: rows[0].locale } : null;
  }

  /** Takes the conversation's row lock for the rest of the caller's transaction; false when there is no such conversation. */
  async hold(conversationId: string, at: string): Promise<boolean> {
    const { affected } = await this.db.sql(TOUCH_CONVERSATION, [at, conversationId]);
    return affected > 0;
  }

  async insertActivity(activity: WebChatActivityRecord): Promise<void> {
    const { id, conversationId, seq, type, inbound, clientActivityId, createdAt, body } = activity;
    await this.db.sql(INSERT_ACTIVITY, [id, conversationId, seq, type, inbound, clientActivityId, createdAt, body]);
  }

  /** The body of one activity, as stored. */
  async activityBody(id: string): Promise<string | null> {
    const { rows } = await this.db.sql<{ body: string }>(ACTIVITY, [id]);
    return rows[0]?.body ?? null;
  }

  async activityIdByClientId(conversationId: string, clientActivityId: string): Promise<string | null> {
    const { rows } = await this.db.sql<{ id: string }>(ACTIVITY_BY_CLIENT_ID, [conversationId, clientActivityId]);
    return rows[0]?.id ?? null;
  }

  /** Activities after `seq`, in order, at most `limit`. */
  async activitiesAfter(conversationId: string, seq: number, limit: number): Promise<Pick<WebChatActivityRecord, 'seq' | 'type' | 'body'>[]> {
    const { rows } = await this.db.sql<Pick<WebChatActivityRecord, 'seq' | 'type' | 'body'>>(ACTIVITIES_SINCE, [conversationId, seq, limit]);
    return rows;
  }

  /** The newest number of each of these conversations. */
  async lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const ids of batches(conversationIds)) {
      const { rows } = await this.db.sql<{ id: string; lastSeq: number }>(LAST_SEQS.for(ids.length), ids);
      for (const row of rows) found.set(row.id, Number(row.lastSeq));
    }
    return found;
  }

  ofIds(conversationIds: readonly string[]): Promise<WebChatConversationRecord[]> {
    return findIn(this.db, WebChatConversationRecord, 'id', conversationIds);
  }

  activitiesOf(conversationIds: readonly string[]): Promise<WebChatActivityRecord[]> {
    return findIn(this.db, WebChatActivityRecord, 'conversationId', conversationIds);
  }

  async insertUploads(uploads: WebChatUploadRecord[]): Promise<void> {
    if (uploads.length > 0) await this.db.run((manager) => manager.insert(WebChatUploadRecord, uploads));
  }

  /** The files uploaded with an activity, in the order they came. */
  async uploadsOf(activityId: string): Promise<WebChatUploadRecord[]> {
    const { rows } = await this.db.sql<WebChatUploadRecord>(UPLOADS_OF, [activityId]);
    return rows.map((row) => ({ ...row, position: Number(row.position) }));
  }

  async deleteUploadsOf(activityId: string): Promise<void> {
    await this.db.sql(DELETE_UPLOADS_OF, [activityId]);
  }

  /** The ids of the conversations last written to before a cutoff. */
  async updatedBefore(before: string): Promise<string[]> {
    const rows = await this.db.run((manager) => manager.find(WebChatConversationRecord, { select: { id: true }, where: { updatedAt: LessThan(before) } }));
    return rows.map((row) => row.id);
  }

  /** Deletes these conversations with their activities and any files not yet handed on; how many of each went. */
  async delete(conversationIds: readonly string[]): Promise<{ activities: number; uploads: number; conversations: number }> {
    return {
      uploads: await deleteIn(this.db, WebChatUploadRecord, 'conversationId', conversationIds),
      activities: await deleteIn(this.db, WebChatActivityRecord, 'conversationId', conversationIds),
      conversations: await deleteIn(this.db, WebChatConversationRecord, 'id', conversationIds),
    };
  }
}
