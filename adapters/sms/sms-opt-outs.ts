import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Sql } from '../../src/database/sql.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { SmsOptOutRecord } from './sms.entities.js';

/** Asked before every turn and every text sent, so written by hand (see Sql). */
const OPTED_OUT = new Sql('SELECT 1 AS found FROM sms_opt_outs WHERE phone_number = ?');

/** Numbers that opted out, kept in the database so that every instance, and every restart, honours them. */
@Injectable()
export class SmsOptOuts {
  constructor(private readonly uow: UnitOfWork) {}

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    const { rows } = await this.uow.read((manager) => OPTED_OUT.run(manager, [phoneNumber]));
    return rows.length > 0;
  }

  async optOut(manager: EntityManager, record: SmsOptOutRecord): Promise<void> {
    // a second STOP keeps the first one's date: that is when the customer stopped hearing from us
    await manager.createQueryBuilder().insert().into(SmsOptOutRecord).values(record).orIgnore().execute();
  }

  async optIn(manager: EntityManager, phoneNumber: string): Promise<void> {
    await manager.delete(SmsOptOutRecord, { phoneNumber });
  }
}
