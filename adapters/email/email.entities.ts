import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const INBOUND_EMAIL_KINDS = ['message', 'bounce', 'automatic', 'anonymous', 'too_large'] as const;
export type InboundEmailKind = (typeof INBOUND_EMAIL_KINDS)[number];

export const INBOUND_EMAIL_OUTCOMES = [
  'asked_category',
  'added_to_story',
  'filed',
  'answered_question',
  'responded_to_proposal',
  'added_to_case',
  'not_theirs',
  'no_text',
  'too_large',
  'bounce_recorded',
  'bounce_ignored',
  'ignored_automatic',
  'ignored_anonymous',
  'gave_up',
] as const;
export type InboundEmailOutcome = (typeof INBOUND_EMAIL_OUTCOMES)[number];

/** What an inbound email carried besides its words, as far as handling it goes. */
export interface InboundEmailDetails {
  /** Message-IDs it answers (In-Reply-To, References). */
  answers?: string[];
  /** Addresses it was sent to. */
  recipients?: string[];
  attachments?: number;
  /** A bounce: the Message-ID of ours that failed, whether it failed for good, and the server's words. */
  originalMessageId?: string;
  failed?: boolean;
  diagnostic?: string;
  /** A message too large to take: its size in bytes. */
  size?: number;
  /** Why it looks sent by a program. */
  why?: string;
}

/**
 * An email that reached the inbound webhook, stored before the webhook is answered and handled afterwards: a row with
 * no `handledAt` is picked up again after a restart. The unique Message-ID turns the inbound service's retries into
 * no-ops. Only the customer's new words are kept, never the raw message or its attachments.
 */
@Entity('email_inbound_messages')
@Index('email_inbound_messages_pending_idx', ['handledAt', 'fromAddress'])
export class EmailInboundMessageRecord {
  /** Arrival order: one sender's emails are handled one at a time, oldest first. */
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ name: 'message_id', type: 'varchar', length: 255, unique: true })
  messageId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: InboundEmailKind;

  /** Lower case; empty for a bounce or an email without a sender. */
  @Column({ name: 'from_address', type: 'varchar', length: 320 })
  fromAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  /**
   * The customer's new words. While a new complaint waits for its category, what they write meanwhile is added here:
   * this row then holds the whole story.
   */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'simple-json' })
  details!: InboundEmailDetails;

  /** The case it went into, once handled. */
  @Column({ type: 'varchar', length: 9, nullable: true })
  reference!: string | null;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'claimed_until', type: 'varchar', length: 24, nullable: true })
  claimedUntil!: string | null;

  @Column({ name: 'handled_at', type: 'varchar', length: 24, nullable: true })
  handledAt!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome!: InboundEmailOutcome | null;
}

export const EMAIL_ENTITIES = [EmailInboundMessageRecord];
