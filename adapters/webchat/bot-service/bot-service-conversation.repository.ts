import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { deleteIn, findIn } from '../../../src/database/batched-rows.js';
import { DatabaseAccess } from '../../../src/database/database-access.js';
import { Sql } from '../../../src/database/sql.js';
import { BotServiceConversationRecord } from './bot-service.entities.js';

/** Every /api/messages turn writes its conversation's reference: by hand (see Sql). */
const UPSERT = new Sql(
  `INSERT INTO bot_service_conversations (id, channel_id, reference, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, reference = excluded.reference, updated_at = excluded.updated_at`,
);
const FIND = new Sql('SELECT reference FROM bot_service_conversations WHERE id = ?');

/** Where each /api/messages conversation is reached: its conversation reference, as JSON. */
@Injectable()
export class BotServiceConversationRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** The conversation's reference, replacing any earlier one. */
  async save(id: string, channelId: string, reference: string, at: string): Promise<void> {
    await this.db.transaction(() => this.db.sql(UPSERT, [id, channelId, reference, at, at]));
  }

  async referenceOf(id: string): Promise<string | null> {
    const { rows } = await this.db.sql<{ reference: string }>(FIND, [id]);
    return rows[0]?.reference ?? null;
  }

  ofIds(ids: readonly string[]): Promise<BotServiceConversationRecord[]> {
    return findIn(this.db, BotServiceConversationRecord, 'id', ids);
  }

  /** The ids of the conversations last written to before a cutoff. */
  async updatedBefore(before: string): Promise<string[]> {
    const rows = await this.db.run((manager) => manager.find(BotServiceConversationRecord, { select: { id: true }, where: { updatedAt: LessThan(before) } }));
    return rows.map((row) => row.id);
  }

  delete(ids: readonly string[]): Promise<number> {
    return deleteIn(this.db, BotServiceConversationRecord, 'id', ids);
  }
}
