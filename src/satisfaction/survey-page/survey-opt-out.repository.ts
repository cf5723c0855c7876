import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseAccess } from '../../database/database-access.js';
import { SurveyOptOutRecord } from './survey-opt-out.entity.js';

/** Who asked for no more surveys. */
@Injectable()
export class SurveyOptOutRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** Records the wish once; asking again keeps the first time it was asked. */
  async record(conversation: string, at: string): Promise<void> {
    await this.db.run((manager) =>
      manager.createQueryBuilder().insert().into(SurveyOptOutRecord).values({ conversation, optedOutAt: at }).orIgnore().execute(),
    );
  }

  async has(conversation: string): Promise<boolean> {
    return (await this.db.run((manager) => manager.count(SurveyOptOutRecord, { where: { conversation } }))) > 0;
  }

  of(conversations: readonly string[]): Promise<SurveyOptOutRecord[]> {
    if (conversations.length === 0) return Promise.resolve([]);
    return this.db.run((manager) => manager.find(SurveyOptOutRecord, { where: { conversation: In([...conversations]) } }));
  }
}
