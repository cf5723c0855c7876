import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SurveyStatus } from './survey-schedule.policy.js';

/**
 * One satisfaction survey: the closure of a case it follows and how far it went. Kept outside the hash-chained history
 * (a survey is no step of the complaint) but linked to the case by its reference. At most one per closure.
 */
@Entity('satisfaction_surveys')
@Index('satisfaction_surveys_closure_idx', ['reference', 'closedAt'], { unique: true })
export class SurveyRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  reference!: string;

  @Column({ name: 'closed_at', type: 'varchar', length: 24 })
  closedAt!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SurveyStatus;

  /** Why it was cancelled or not sent: `reopened`, `opted_out`, `no_channel`... */
  @Column({ type: 'varchar', length: 60, nullable: true })
  reason!: string | null;

  /** The channel it went by, and the language it was asked in. */
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 24, nullable: true })
  sentAt!: string | null;

  @Column({ name: 'reminded_at', type: 'varchar', length: 24, nullable: true })
  remindedAt!: string | null;

  @Column({ name: 'expires_at', type: 'varchar', length: 24, nullable: true })
  expiresAt!: string | null;

  /** The conversation a sent survey waits in (`sms:+44…`, `webchat:<id>`), until it ends. */
  @Index('satisfaction_surveys_conversation_idx')
  @Column({ type: 'varchar', length: 240, nullable: true })
  conversation!: string | null;

  /**
   * When the customer came back in a new conversation and the survey moved there from the one it was sent to: it
   * moves once, and is not reminded of in the conversation it left.
   */
  @Column({ name: 'returned_at', type: 'varchar', length: 24, nullable: true })
  returnedAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
