import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseAccess } from '../../database/database-access.js';
import { SurveyRecord } from '../survey.entity.js';
import { SurveyLinkRecord } from './survey-link.entity.js';

/** The survey pages' links, found by the hash of their token. */
@Injectable()
export class SurveyLinkRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async create(link: SurveyLinkRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(SurveyLinkRecord, link));
  }

  /** The survey a token opens, if any. */
  async surveyOf(tokenHash: string): Promise<string | null> {
    const link = await this.db.run((manager) => manager.findOne(SurveyLinkRecord, { where: { tokenHash } }));
    return link?.surveyId ?? null;
  }

  /** Forgets these cases' links, so that none opens a page about them any more. */
  async forgetOfCases(references: readonly string[]): Promise<number> {
    if (references.length === 0) return 0;
    return this.db.run(async (manager) => {
      const surveys = await manager.find(SurveyRecord, { select: { id: true }, where: { reference: In([...references]) } });
      if (surveys.length === 0) return 0;
      const result = await manager.delete(SurveyLinkRecord, { surveyId: In(surveys.map((survey) => survey.id)) });
      return result.affected ?? 0;
    });
  }
}
