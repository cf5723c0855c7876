import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { DatabaseAccess } from '../database/database-access.js';
import { SurveyRecord } from './survey.entity.js';
import type { SurveyStatus } from './survey-schedule.policy.js';

export type Survey = SurveyRecord;

/** The schedule's record of each survey: which closure it follows, and whether it went out. */
@Injectable()
export class SurveyRepository {
  constructor(private readonly db: DatabaseAccess) {}

  of(reference: string, closedAt: string): Promise<Survey | null> {
    return this.db.run((manager) => manager.findOne(SurveyRecord, { where: { reference, closedAt } }));
  }

  byId(id: string): Promise<Survey | null> {
    return this.db.run((manager) => manager.findOne(SurveyRecord, { where: { id } }));
  }

  /** The latest survey sent to this conversation that can still be answered at `now`. */
  waitingIn(conversation: string, now: string): Promise<Survey | null> {
    return this.db.run((manager) =>
      manager
        .createQueryBuilder(SurveyRecord, 'survey')
        .where('survey.conversation = :conversation', { conversation })
        .andWhere('survey.status IN (:...waiting)', { waiting: ['asking', 'sent', 'reminded'] })
        .andWhere('survey.expires_at > :now', { now })
        .orderBy('survey.sent_at', 'DESC')
        .getOne(),
    );
  }

  /**
   * Records the outcome for a closure, once: false when the closure already has a survey, which is then left as it
   * is, so that two instances (or a retry after a crash) cannot both send it.
   */
  async create(survey: Omit<Survey, 'id'>): Promise<boolean> {
    const id = randomUUID();
    await this.db.run((manager) => manager.createQueryBuilder().insert().into(SurveyRecord).values({ id, ...survey }).orIgnore().execute());
    return (await this.of(survey.reference, survey.closedAt))?.id === id;
  }

  ofCases(references: readonly string[]): Promise<Survey[]> {
    if (references.length === 0) return Promise.resolve([]);
    return this.db.run((manager) => manager.find(SurveyRecord, { where: { reference: In([...references]) }, order: { closedAt: 'ASC' } }));
  }

  /** Forgets which conversation these cases' surveys wait in. */
  async forgetConversations(references: readonly string[]): Promise<number> {
    if (references.length === 0) return 0;
    const result = await this.db.run((manager) =>
      manager.update(SurveyRecord, { reference: In([...references]), conversation: Not(IsNull()) }, { conversation: null }),
    );
    return result.affected ?? 0;
  }

  /** Moves a survey on from the status it is known to be in; false when something moved it first. */
  async move(id: string, from: readonly SurveyStatus[], change: Partial<Pick<Survey, 'status' | 'reason' | 'remindedAt' | 'updatedAt' | 'conversation'>>): Promise<boolean> {
    const result = await this.db.run((manager) =>
      manager.createQueryBuilder().update(SurveyRecord).set(change).where('id = :id AND status IN (:...from)', { id, from }).execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
