import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A customer asked to talk to a person outside any complaint: staff see it in Slack and reply from there. A request
 * about a complaint is kept in that complaint's history instead.
 */
@Entity('hand_offs')
export class HandOffRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The conversation that asked: `webchat:<conversation id>` or `sms:<E.164>`. */
  @Index()
  @Column({ name: 'requester_key', type: 'varchar', length: 200 })
  requesterKey!: string;

  /** Where the reply goes: the channel and address the customer asked from. */
  @Column({ name: 'reply_channel', type: 'varchar', length: 16 })
  replyChannel!: string;

  @Column({ name: 'reply_address', type: 'varchar', length: 200 })
  replyAddress!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ name: 'requested_at', type: 'varchar', length: 24 })
  requestedAt!: string;

  /** When the code of conduct promises a reply by; null when it promises none. */
  @Column({ name: 'due_at', type: 'varchar', length: 24, nullable: true })
  dueAt!: string | null;

  @Column({ name: 'answered_at', type: 'varchar', length: 24, nullable: true })
  answeredAt!: string | null;

  /** Who replied first, as the case history names people (`staff:U0123ABCD`). */
  @Column({ name: 'answered_by', type: 'varchar', length: 100, nullable: true })
  answeredBy!: string | null;
}
