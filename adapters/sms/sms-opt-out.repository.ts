import { Injectable } from '@nestjs/common';
import { findIn } from '../../src/database/batched-rows.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { Sql } from '../../src/database/sql.js';
import { SmsOptOutRecord } from './sms.entities.js';

/** Asked before every turn and every text sent, so written by hand (see Sql). */
const OPTED_OUT = new Sql('SELECT 1 AS found FROM sms_opt_outs WHERE phone_number = ?');

/** Numbers that opted out, kept in the database so that every instance, and every restart, honours them. */
@Injectable()
export class SmsOptOutRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    const { rows } = await this.db.sql(OPTED_OUT, [phoneNumber]);
    return rows.length > 0;
  }

  /** A second STOP keeps the first one's date: that is when the customer stopped hearing from us. */
  async optOut(record: SmsOptOutRecord): Promise<void> {
    await this.db.run((manager) => manager.createQueryBuilder().insert().into(SmsOptOutRecord).values(record).orIgnore().execute());
  }

  async optIn(phoneNumber: string): Promise<void> {
    await this.db.run((manager) => manager.delete(SmsOptOutRecord, { phoneNumber }));
  }

  ofNumbers(phoneNumbers: readonly string[]): Promise<SmsOptOutRecord[]> {
    return findIn(this.db, SmsOptOutRecord, 'phoneNumber', phoneNumbers);
  }
}
