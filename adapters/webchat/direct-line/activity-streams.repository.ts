import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../../../src/database/database-access.js';
import { Sql } from '../../../src/database/sql.js';

/** Where PostgreSQL tells every instance of a stream evicted by another instance's newer one: its id. */
export const STREAM_EVICTED_CHANNEL = 'redress_webchat_stream_evicted';

/** Opens of one conversation's streams take their turn, across instances, for the rest of the opening transaction. */
const LOCK = new Sql('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))');
const FORGET_LAPSED_OF = new Sql('DELETE FROM webchat_streams WHERE conversation_id = ? AND expires_at <= clock_timestamp()');
const INSERT = new Sql(
  'INSERT INTO webchat_streams (id, conversation_id, opened_at, expires_at) VALUES (?, ?, clock_timestamp(), clock_timestamp() + make_interval(secs => ?))',
);
/** Beyond the newest `keep`, the rest are deleted, and their instances told (delivered when the transaction commits). */
const EVICT_OLDEST = new Sql(
  `WITH gone AS (
     DELETE FROM webchat_streams WHERE id IN (
       SELECT id FROM webchat_streams WHERE conversation_id = ? ORDER BY opened_at DESC, id DESC OFFSET ?
     ) RETURNING id
   )
   SELECT id, pg_notify('${STREAM_EVICTED_CHANNEL}', id::text) FROM gone`,
);
const RENEW = new Sql(
  'UPDATE webchat_streams SET expires_at = clock_timestamp() + make_interval(secs => ?) WHERE id = ANY(?::uuid[]) RETURNING id',
);
const FORGET_LAPSED = new Sql('DELETE FROM webchat_streams WHERE expires_at <= clock_timestamp()');
const FORGET = new Sql('DELETE FROM webchat_streams WHERE id = ANY(?::uuid[])');

/**
 * The Direct Line streams open on every instance, on PostgreSQL (see the migration WebChatStreams): each row is one
 * open stream, kept alive by its instance renewing its expiry. On SQLite there is one instance and no table
 * (`shared` is false), and nothing here is called.
 */
@Injectable()
export class ActivityStreamsRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** Whether streams are counted across instances here. */
  get shared(): boolean {
    return this.db.dialect === 'postgres';
  }

  /**
   * Records a stream opened, lasting `leaseSeconds` unless renewed, and makes its conversation keep at most `keep`
   * streams that have not lapsed: the ids of the oldest beyond them, deleted and notified on STREAM_EVICTED_CHANNEL.
   */
  register(id: string, conversationId: string, keep: number, leaseSeconds: number): Promise<string[]> {
    return this.db.transaction(async () => {
      await this.db.sql(LOCK, [`webchat-streams:${conversationId}`]);
      await this.db.sql(FORGET_LAPSED_OF, [conversationId]);
      await this.db.sql(INSERT, [id, conversationId, leaseSeconds]);
      const { rows } = await this.db.sql<{ id: string }>(EVICT_OLDEST, [conversationId, keep]);
      return rows.map((row) => row.id);
    });
  }

  /** Extends the streams' expiry; the ids returned are those still registered (the others were evicted meanwhile). */
  async renew(ids: readonly string[], leaseSeconds: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.db.sql<{ id: string }>(RENEW, [leaseSeconds, ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** Deletes every instance's lapsed rows (an instance that died leaves its streams' rows behind). */
  async forgetLapsed(): Promise<void> {
    await this.db.sql(FORGET_LAPSED);
  }

  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.db.sql(FORGET, [ids]);
  }
}
