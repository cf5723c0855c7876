import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { SlackCardLinkRecord } from './slack-links.entities.js';

/** The links Slack gave to the cases' cards, by reference. */
@Injectable()
export class CardLinkRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async findMany(references: string[]): Promise<SlackCardLinkRecord[]> {
    if (references.length === 0) return [];
    return this.db.run((manager) => manager.find(SlackCardLinkRecord, { where: { reference: In(references) } }));
  }

  /** Keeps the latest link: a card posted again replaces the old one. */
  async save(link: SlackCardLinkRecord): Promise<void> {
    await this.db.transaction((manager) => manager.upsert(SlackCardLinkRecord, link, ['reference']));
  }
}
