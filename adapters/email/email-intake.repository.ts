import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { deleteIn, findIn } from '../../src/database/batched-rows.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { EmailIntakeRecord } from './email.entities.js';

/** Complaints begun by email that wait for their category, one per address. */
@Injectable()
export class EmailIntakeRepository {
  constructor(private readonly db: DatabaseAccess) {}

  find(address: string): Promise<EmailIntakeRecord | null> {
    return this.db.run((manager) => manager.findOneBy(EmailIntakeRecord, { address }));
  }

  /** Starts an address's intake afresh, over any earlier one. */
  async save(intake: EmailIntakeRecord): Promise<void> {
    await this.db.run((manager) => manager.save(EmailIntakeRecord, intake));
  }

  async updateStory(address: string, story: string): Promise<void> {
    await this.db.run((manager) => manager.update(EmailIntakeRecord, { address }, { story }));
  }

  async delete(address: string): Promise<void> {
    await this.db.run((manager) => manager.delete(EmailIntakeRecord, { address }));
  }

  ofAddresses(addresses: readonly string[]): Promise<EmailIntakeRecord[]> {
    return findIn(this.db, EmailIntakeRecord, 'address', addresses);
  }

  deleteOfAddresses(addresses: readonly string[]): Promise<number> {
    return deleteIn(this.db, EmailIntakeRecord, 'address', addresses);
  }

  /** The addresses whose intake was asked before a cutoff. */
  async askedBefore(before: string): Promise<string[]> {
    const rows = await this.db.run((manager) => manager.find(EmailIntakeRecord, { select: { address: true }, where: { askedAt: LessThan(before) } }));
    return rows.map((row) => row.address);
  }
}
