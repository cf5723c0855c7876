import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A message owed to a customer or to staff, written in the same transaction as the change that caused it and
 * delivered afterwards by the relay, so a crash between the two can lose nothing.
 */
@Entity('outbox_messages')
@Index(['status', 'nextAttemptAt'])
@Index(['conversation', 'status', 'seq'])
export class OutboxMessageRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 9, nullable: true })
  reference!: string | null;

  /** Which notifier delivers it: `webchat`, `sms`, `slack`. */
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  /** What it is, for people and reports: `status_update`, `staff_reply`, `case_card`, `deadline_alert`. */
  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  /** Where it goes, in the channel's own terms (a conversation, a phone number, a Slack channel). */
  @Column({ type: 'simple-json' })
  recipient!: Record<string, unknown>;

  /**
   * The customer conversation it belongs to (`sms:+447911123456`), or null. The relay hands a conversation's messages
   * to the provider one at a time, in `seq` order: see `conversationOf`.
   */
  @Column({ type: 'text', nullable: true })
  conversation!: string | null;

  /**
   * The order messages were written in, from a sequence on PostgreSQL and the highest number plus one on SQLite (see
   * `Outbox.enqueue`); never written through TypeORM.
   */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  seq?: string;

  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  /** Makes enqueueing idempotent: a second message with the same key is not written. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true, unique: true })
  dedupeKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 24 })
  nextAttemptAt!: string;

  /** While `sending`: when the claim lapses and another relay (or this one after a crash) may try again. */
  @Column({ name: 'lease_until', type: 'varchar', length: 24, nullable: true })
  leaseUntil!: string | null;

  @Column({ name: 'provider_id', type: 'varchar', length: 128, nullable: true })
  providerId!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
