import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Dispute, DisputeOutcome, DisputeStatus, OfferTrigger } from './domain/dispute.js';

const instant = (name: string) => ({ name, type: 'varchar' as const, length: 24, nullable: true });

/** A complaint's ISO 10003 dispute, one row a complaint; its columns are what the dispute figures count. */
@Entity('disputes')
export class DisputeRecord {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  reference!: string;

  @Index()
  @Column({ type: 'varchar', length: 24 })
  status!: DisputeStatus;

  @Column({ type: 'varchar', length: 24 })
  trigger!: OfferTrigger;

  /** The option ids offered, comma-separated in the order shown (ids are slugs). */
  @Column({ type: 'varchar', length: 500 })
  options!: string;

  @Column({ name: 'provider_id', type: 'varchar', length: 100, nullable: true })
  providerId!: string | null;

  @Column(instant('referral_deadline'))
  referralDeadline!: string | null;

  @Column({ name: 'wording_version', type: 'varchar', length: 40, nullable: true })
  wordingVersion!: string | null;

  @Column({ name: 'consent_to_share', type: 'boolean', default: false })
  consentToShare!: boolean;

  @Column({ name: 'reminders_wanted', type: 'boolean', default: false })
  remindersWanted!: boolean;

  @Column({ name: 'provider_reference', type: 'varchar', length: 100, nullable: true })
  providerReference!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: DisputeOutcome | null;

  @Column({ type: 'text', nullable: true })
  remedy!: string | null;

  @Column(instant('remedy_due_at'))
  remedyDueAt!: string | null;

  @Column({ name: 'offered_at', type: 'varchar', length: 24 })
  offeredAt!: string;

  @Column(instant('answered_at'))
  answeredAt!: string | null;

  @Column(instant('referred_at'))
  referredAt!: string | null;

  @Column(instant('accepted_at'))
  acceptedAt!: string | null;

  @Column(instant('decided_at'))
  decidedAt!: string | null;

  @Column(instant('remedy_implemented_at'))
  remedyImplementedAt!: string | null;

  @Column(instant('closed_at'))
  closedAt!: string | null;

  @Column(instant('reminder_sent_at'))
  reminderSentAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @VersionColumn()
  version!: number;

  static fromDomain(dispute: Dispute, version: number): DisputeRecord {
    const record = new DisputeRecord();
    Object.assign(record, { ...dispute, options: dispute.options.join(','), version });
    return record;
  }

  toDomain(): Dispute {
    const { version: _version, options, consentToShare, remindersWanted, ...rest } = this;
    return {
      ...rest,
      options: options === '' ? [] : options.split(','),
      consentToShare: Boolean(consentToShare),
      remindersWanted: Boolean(remindersWanted),
    };
  }
}
