import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What became of a customer's text, as the inbound pipeline records it. */
export const INBOUND_OUTCOMES = ['dialog', 'turn_failed', 'opted_out', 'opted_in', 'help', 'ignored_opted_out'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** A number that texted STOP (or another opt-out keyword): nothing but keyword answers goes to it until START. */
@Entity('sms_opt_outs')
export class SmsOptOutRecord {
  @PrimaryColumn({ name: 'phone_number', type: 'varchar', length: 16 })
  phoneNumber!: string;

  @Column({ type: 'varchar', length: 16 })
  keyword!: string;

  /** The text that opted out, for the record. */
  @Column({ name: 'message_sid', type: 'varchar', length: 64 })
  messageSid!: string;

  @Column({ name: 'opted_out_at', type: 'varchar', length: 24 })
  optedOutAt!: string;
}

/**
 * One SMS handed to Twilio for an outbox message (a long message goes as several, `part` of `parts`), with the last
 * status Twilio reported for it. Delivery callbacks find their message here by its SID.
 */
@Entity('sms_deliveries')
@Index('sms_deliveries_outbox_part_key', ['outboxMessageId', 'part'], { unique: true })
export class SmsDeliveryRecord {
  @PrimaryColumn({ name: 'message_sid', type: 'varchar', length: 64 })
  messageSid!: string;

  @Column({ name: 'outbox_message_id', type: 'varchar', length: 36 })
  outboxMessageId!: string;

  /** Zero-based. */
  @Column({ type: 'integer' })
  part!: number;

  @Column({ type: 'integer' })
  parts!: number;

  /** Twilio's own word: queued, sending, sent, delivered, undelivered, failed… */
  @Column({ name: 'provider_status', type: 'varchar', length: 24 })
  providerStatus!: string;

  @Column({ name: 'error_code', type: 'varchar', length: 16, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}

/**
 * A text handed to Twilio whose answer has not been heard yet, written before the request. Twilio takes no
 * idempotency key: a row still here when the text is tried again means it may have been taken, and it is looked up in
 * Twilio's Messages list before it is sent again. The row goes when the text is recorded in `sms_deliveries`, or when
 * Twilio refused it.
 */
@Entity('sms_send_attempts')
export class SmsSendAttemptRecord {
  @PrimaryColumn({ name: 'outbox_message_id', type: 'varchar', length: 36 })
  outboxMessageId!: string;

  @PrimaryColumn({ type: 'integer' })
  part!: number;

  /** The first attempt: Twilio's list is searched from then on. */
  @Column({ name: 'attempted_at', type: 'varchar', length: 24 })
  attemptedAt!: string;
}

/**
 * A delivery callback for a text not yet recorded in `sms_deliveries`: Twilio can report on a text between taking it
 * and our commit of its Message SID, and after a crash or a lost answer that gap lasts until the text is found in
 * Twilio's list. Twilio does not send a callback twice, so each status it reports is kept here until the text is
 * recorded, then applied and deleted. One row a status reported, as Twilio may report several.
 */
@Entity('sms_early_statuses')
@Index('sms_early_statuses_received_idx', ['receivedAt'])
export class SmsEarlyStatusRecord {
  @PrimaryColumn({ name: 'message_sid', type: 'varchar', length: 64 })
  messageSid!: string;

  @PrimaryColumn({ name: 'provider_status', type: 'varchar', length: 24 })
  providerStatus!: string;

  @Column({ name: 'error_code', type: 'varchar', length: 16, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;
}

/**
 * A Twilio Content template of WhatsApp quick-reply buttons (`twilio/quick-reply`, its body a placeholder), created
 * once for a set of button titles: `buttonsKey` is the SHA-256 of the titles.
 */
@Entity('whatsapp_quick_replies')
export class WhatsAppQuickReplyRecord {
  @PrimaryColumn({ name: 'buttons_key', type: 'varchar', length: 64 })
  buttonsKey!: string;

  @Column({ name: 'content_sid', type: 'varchar', length: 34 })
  contentSid!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}

export const SMS_ENTITIES = [SmsOptOutRecord, SmsDeliveryRecord, SmsSendAttemptRecord, SmsEarlyStatusRecord, WhatsAppQuickReplyRecord];
