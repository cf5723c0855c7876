import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { DatabaseAccess } from '../database/database-access.js';
import { SurveyDisputeSumsRepository } from '../indicators/survey-dispute-sums.repository.js';
import { SurveyResponseRecord } from './survey-response.entity.js';

export type SurveyResponse = SurveyResponseRecord;

export interface ResponseFilter {
  channel?: string;
  category?: string;
  language?: string;
  from?: string;
  to?: string;
  low?: boolean;
}

/** What customers answered, kept answer by answer, and read back for staff and for analysis. */
@Injectable()
export class SurveyResponseRepository {
  /** The satisfaction report's monthly sums, marked stale by the writes that change what they count. */
  private readonly sums: SurveyDisputeSumsRepository;

  constructor(private readonly db: DatabaseAccess) {
    this.sums = new SurveyDisputeSumsRepository(db);
  }

  of(surveyId: string): Promise<SurveyResponse | null> {
    return this.db.run((manager) => manager.findOne(SurveyResponseRecord, { where: { surveyId } }));
  }

  ofCases(references: readonly string[]): Promise<SurveyResponse[]> {
    if (references.length === 0) return Promise.resolve([]);
    return this.db.run((manager) => manager.find(SurveyResponseRecord, { where: { reference: In([...references]) }, order: { respondedAt: 'ASC' } }));
  }

  /** Lets go of the customer's own words in these cases' responses; the scores stay, as they identify nobody. */
  async eraseComments(references: readonly string[]): Promise<number> {
    if (references.length === 0) return 0;
    // a response that was only a comment is no longer a response
    return this.db.transaction(async (manager) => {
      const result = await manager.update(SurveyResponseRecord, { reference: In([...references]), comment: Not(IsNull()) }, { comment: null });
      if ((result.affected ?? 0) > 0) await this.sums.markCases('surveys', references);
      return result.affected ?? 0;
    });
  }

  /** Starts the response with what the case was like; a second start for the same survey changes nothing. */
  async start(response: SurveyResponse): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(SurveyResponseRecord).values(response).orIgnore().execute();
      await this.sums.markCases('surveys', [response.reference]);
    });
  }

  async update(surveyId: string, change: Partial<Omit<SurveyResponse, 'surveyId'>>): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.update(SurveyResponseRecord, { surveyId }, change);
      await this.sums.markResponse(surveyId);
    });
  }

  /** Responses, newest first, filtered; `low` keeps those that alerted staff (or, false, those that did not). */
  async list(filter: ResponseFilter, page: { offset: number; limit: number }): Promise<{ items: SurveyResponse[]; total: number }> {
    const [items, total] = await this.db.run((manager) => {
      const query = manager.createQueryBuilder(SurveyResponseRecord, 'r');
      if (filter.channel) query.andWhere('r.channel = :channel', { channel: filter.channel });
      if (filter.category) query.andWhere('r.category = :category', { category: filter.category });
      if (filter.language) query.andWhere('r.language = :language', { language: filter.language });
      if (filter.from) query.andWhere('r.responded_at >= :from', { from: filter.from });
      if (filter.to) query.andWhere('r.responded_at < :to', { to: filter.to });
      if (filter.low !== undefined) {
        const low = "(r.handling <= 2 OR r.outcome_score <= 2 OR r.dates_kept = 'no' OR r.sentiment = 'negative')";
        query.andWhere(filter.low ? low : `NOT COALESCE(${low}, false)`);
      }
      return query.orderBy('r.responded_at', 'DESC').addOrderBy('r.survey_id', 'ASC').skip(page.offset).take(page.limit).getManyAndCount();
    });
    return { items, total };
  }

  /**
   * Per channel: surveys sent, how many of them were answered at least in part, and those that could not be sent, by
   * reason (`opted_out`, `channel_not_surveyed`, `channel_not_set_up`).
   */
  async ratesByChannel(): Promise<{ channel: string; sent: number; responded: number; notSent: Record<string, number> }[]> {
    const [sent, notSent] = await this.db.run((manager) =>
      Promise.all([
        manager.query(
          `SELECT s.channel AS channel, COUNT(*) AS sent, COUNT(r.survey_id) AS responded
             FROM satisfaction_surveys s LEFT JOIN satisfaction_responses r ON r.survey_id = s.id
            WHERE s.sent_at IS NOT NULL GROUP BY s.channel`,
        ) as Promise<{ channel: string; sent: number | string; responded: number | string }[]>,
        manager.query(
          `SELECT channel, reason, COUNT(*) AS surveys FROM satisfaction_surveys WHERE status = 'not_sent' GROUP BY channel, reason`,
        ) as Promise<{ channel: string; reason: string; surveys: number | string }[]>,
      ]),
    );
    const channels = new Map<string, { channel: string; sent: number; responded: number; notSent: Record<string, number> }>();
    const of = (channel: string) => channels.get(channel) ?? channels.set(channel, { channel, sent: 0, responded: 0, notSent: {} }).get(channel)!;
    for (const row of sent) Object.assign(of(row.channel), { sent: Number(row.sent), responded: Number(row.responded) });
    for (const row of notSent) of(row.channel).notSent[row.reason] = Number(row.surveys);
    return [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  }
}
