import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { Sql } from '../../src/database/sql.js';

const FIND = new Sql('SELECT content_sid AS "contentSid" FROM whatsapp_quick_replies WHERE buttons_key = ?');
const KEEP = new Sql('INSERT INTO whatsapp_quick_replies (buttons_key, content_sid, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');

/** The Content SIDs of quick-reply templates Redress created, by their buttons; asked on every WhatsApp question. */
@Injectable()
export class WhatsAppQuickReplyRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async contentSid(buttonsKey: string): Promise<string | undefined> {
    const { rows } = await this.db.sql<{ contentSid: string }>(FIND, [buttonsKey]);
    return rows[0]?.contentSid;
  }

  /** Two instances may create one at once: the first kept is the one every later send uses. */
  async keep(buttonsKey: string, contentSid: string, at: string): Promise<string> {
    await this.db.sql(KEEP, [buttonsKey, contentSid, at]);
    return (await this.contentSid(buttonsKey)) ?? contentSid;
  }
}
