import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a complaint's card is in Slack, so that each change updates it in place and its thread can be found. */
@Entity('slack_case_cards')
@Index(['channelId', 'ts'], { unique: true })
export class SlackCaseCardRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 32 })
  channelId!: string;

  /** Slack's id of the card message; null while one relay is posting it (the row is its claim). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  ts!: string | null;

  /** A hash of what the card shows now: an update that would change nothing is not sent. */
  @Column({ name: 'rendered_hash', type: 'varchar', length: 64, nullable: true })
  renderedHash!: string | null;

  @Column({ name: 'claimed_at', type: 'varchar', length: 24 })
  claimedAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}

/** Events API deliveries already taken, by `event_id`: Slack retries a delivery it thinks failed. */
@Entity('slack_events')
export class SlackEventRecord {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId!: string;

  @Index()
  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;
}

/** Where a request for a person made outside any complaint was posted, so that what follows goes under it. */
@Entity('slack_hand_off_posts')
export class SlackHandOffPostRecord {
  @PrimaryColumn({ name: 'hand_off_id', type: 'varchar', length: 36 })
  handOffId!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 32 })
  channelId!: string;

  @Column({ type: 'varchar', length: 32 })
  ts!: string;
}

export const SLACK_ENTITIES = [SlackCaseCardRecord, SlackEventRecord, SlackHandOffPostRecord];
