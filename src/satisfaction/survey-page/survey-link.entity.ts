import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A link to a survey page, sent by email: the SHA-256 of its random token and the survey it opens. The token itself is
 * only in the email (and the outbox message that carries it). Each survey email gets a link of its own; all of a
 * survey's links stop working when the survey does (answered, expired or cancelled).
 */
@Entity('satisfaction_survey_links')
export class SurveyLinkRecord {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('satisfaction_survey_links_survey_idx')
  @Column({ name: 'survey_id', type: 'varchar', length: 36 })
  surveyId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
