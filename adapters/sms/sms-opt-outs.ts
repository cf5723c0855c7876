import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { SmsOptOutRecord } from './sms.entities.js';

/** Numbers that opted out, kept in the database so that every instance, and every restart, honours them. */
@Injectable()
export class SmsOptOuts {
  constructor(private readonly uow: UnitOfWork) {}

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    return this.uow.read((manager) => manager.existsBy(SmsOptOutRecord, { phoneNumber }));
  }

  async optOut(manager: EntityManager, record: SmsOptOutRecord): Promise<void> {
    // a second STOP keeps the first one's date: that is when the customer stopped hearing from us
    await manager.createQueryBuilder().insert().into(SmsOptOutRecord).values(record).orIgnore().execute();
  }

  async optIn(manager: EntityManager, phoneNumber: string): Promise<void> {
    await manager.delete(SmsOptOutRecord, { phoneNumber });
  }
}
