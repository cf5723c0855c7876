import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signed request already acted on, by a hash of its signature, kept while Slack's five minutes let it be replayed. */
@Entity('slack_requests_taken')
export class SlackRequestTakenRecord {
  @PrimaryColumn({ name: 'request_key', type: 'varchar', length: 64 })
  requestKey!: string;

  @Index()
  @Column({ name: 'expires_at', type: 'varchar', length: 24 })
  expiresAt!: string;
}

/** A modal Redress opened: who it was opened for and a hash of the metadata it carries. */
@Entity('slack_views')
export class SlackViewRecord {
  @PrimaryColumn({ name: 'view_id', type: 'varchar', length: 64 })
  viewId!: string;

  @Column({ name: 'callback_id', type: 'varchar', length: 255 })
  callbackId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 32 })
  userId!: string;

  @Column({ name: 'metadata_hash', type: 'varchar', length: 64 })
  metadataHash!: string;

  @Index()
  @Column({ name: 'opened_at', type: 'varchar', length: 24 })
  openedAt!: string;

  @Column({ name: 'claimed_until', type: 'varchar', length: 24, nullable: true })
  claimedUntil!: string | null;

  @Column({ name: 'submitted_at', type: 'varchar', length: 24, nullable: true })
  submittedAt!: string | null;
}

export const SLACK_INBOUND_ENTITIES = [SlackRequestTakenRecord, SlackViewRecord];
