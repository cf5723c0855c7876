import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { SurveyDisputeSumsRepository } from '../indicators/survey-dispute-sums.repository.js';
import { SurveyRecord } from './survey.entity.js';
import type { SurveyStatus } from './survey-schedule.policy.js';

export type Survey = SurveyRecord;

/** A survey the customer can still answer: asking whether they may be asked, or asking its questions. */
const WAITING: SurveyStatus[] = ['asking', 'sent', 'reminded'];

/** Asked on every dialog turn that starts or resumes the menu, so written by hand (see Sql). */
const WAITING_IN = new Sql(
  `SELECT id, reference, closed_at AS "closedAt", status, reason, channel, language, sent_at AS "sentAt",
     reminded_at AS "remindedAt", expires_at AS "expiresAt", conversation, returned_at AS "returnedAt", updated_at AS "updatedAt"
   FROM satisfaction_surveys
   WHERE conversation = ? AND status IN (${WAITING.map(() => '?').join(', ')}) AND expires_at > ?
   ORDER BY sent_at DESC LIMIT 1`,
);

/** The schedule's record of each survey: which closure it follows, and whether it went out. */
@Injectable()
export class SurveyRepository {
  /** The satisfaction report's monthly sums, marked stale by the writes that change what they count. */
  private readonly sums: SurveyDisputeSumsRepository;

  constructor(private readonly db: DatabaseAccess) {
    this.sums = new SurveyDisputeSumsRepository(db);
  }

  of(reference: string, closedAt: string): Promise<Survey | null> {
    return this.db.run((manager) => manager.findOne(SurveyRecord, { where: { reference, closedAt } }));
  }

  byId(id: string): Promise<Survey | null> {
    return this.db.run((manager) => manager.findOne(SurveyRecord, { where: { id } }));
  }

  /** The latest survey sent to this conversation that can still be answered at `now`. */
  async waitingIn(conversation: string, now: string): Promise<Survey | null> {
    const { rows } = await this.db.sql<Survey>(WAITING_IN, [conversation, ...WAITING, now]);
    return rows[0] ?? null;
  }

  /**
   * Moves the case's surveys that still wait, unanswered, in another conversation on `channel` to `conversation`, where
   * the customer came back; each moves once (`returned_at`), so no later conversation takes it again, and one whose
   * conversation was let go of (erasure, anonymisation) stays let go of. The number moved.
   */
  async followToConversation(reference: string, channel: string, conversation: string, now: string): Promise<number> {
    const result = await this.db.run((manager) =>
      manager
        .createQueryBuilder()
        .update(SurveyRecord)
        .set({ conversation, returnedAt: now, updatedAt: now })
        .where('reference = :reference AND channel = :channel', { reference, channel })
        .andWhere('status IN (:...waiting)', { waiting: WAITING })
        .andWhere('expires_at > :now', { now })
        .andWhere('returned_at IS NULL')
        .andWhere('conversation IS NOT NULL AND conversation <> :conversation', { conversation })
        .execute(),
    );
    return result.affected ?? 0;
  }

  /**
   * Records the outcome for a closure, once: false when the closure already has a survey, which is then left as it
   * is, so that two instances (or a retry after a crash) cannot both send it.
   */
  async create(survey: Omit<Survey, 'id' | 'returnedAt'>): Promise<boolean> {
    const id = randomUUID();
    await this.db.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(SurveyRecord).values({ id, ...survey, returnedAt: null }).orIgnore().execute();
      await this.sums.markCases('surveys', [survey.reference]);
    });
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
