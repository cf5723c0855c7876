import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What a customer answered to one survey, and what the case was like, for analysis (ISO 10004). Outside the
 * hash-chained history, linked to the case by its reference. Answers are kept as they come, so a survey left halfway
 * keeps what was said; a question skipped or left is null.
 */
@Entity('satisfaction_responses')
export class SurveyResponseRecord {
  @PrimaryColumn({ name: 'survey_id', type: 'varchar', length: 36 })
  surveyId!: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  reference!: string;

  /** Which wording of the questions was asked, so answers to different wordings are not mixed up. */
  @Column({ name: 'survey_version', type: 'varchar', length: 16 })
  surveyVersion!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  /** The outcome the case was closed with. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ name: 'resolution_minutes', type: 'integer', nullable: true })
  resolutionMinutes!: number | null;

  @Column({ name: 'paused_minutes', type: 'integer' })
  pausedMinutes!: number;

  @Column({ name: 'promises_met', type: 'simple-json' })
  promisesMet!: string[];

  @Column({ name: 'promises_missed', type: 'simple-json' })
  promisesMissed!: string[];

  /** 1-5: how the complaint was handled. */
  @Column({ type: 'integer', nullable: true })
  handling!: number | null;

  /** 1-5: the outcome, asked separately. */
  @Column({ name: 'outcome_score', type: 'integer', nullable: true })
  outcomeScore!: number | null;

  /** 1-7: how easy it was. */
  @Column({ type: 'integer', nullable: true })
  effort!: number | null;

  @Column({ name: 'dates_kept', type: 'varchar', length: 8, nullable: true })
  datesKept!: 'yes' | 'no' | 'not_sure' | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** `positive`, `neutral`, `negative`, or `not_analysed` for a language the analyser does not read. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  sentiment!: string | null;

  @Index()
  @Column({ name: 'responded_at', type: 'varchar', length: 24 })
  respondedAt!: string;

  /** Set once the customer finished, skipped to the end or left: then staff see the answers. */
  @Column({ name: 'finished_at', type: 'varchar', length: 24, nullable: true })
  finishedAt!: string | null;
}
