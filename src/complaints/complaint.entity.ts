import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Assessment, Priority } from './domain/assessment.js';
import type { CaseDeadline, Channel, Closure, Complaint, ComplaintStatus, Contact, ProposedResponse } from './domain/complaint.js';

/** Instants are stored as ISO 8601 UTC strings: they sort as text the same way on SQLite and PostgreSQL. */
@Entity('complaints')
export class ComplaintRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  status!: ComplaintStatus;

  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Column({ name: 'contact_kind', type: 'varchar', length: 16 })
  contactKind!: Contact['kind'];

  @Column({ name: 'contact_value', type: 'varchar', length: 320 })
  contactValue!: string;

  @Index()
  @Column({ name: 'origin_key', type: 'varchar', length: 200, nullable: true })
  originKey!: string | null;

  @Column({ name: 'customer_name', type: 'varchar', length: 200, nullable: true })
  customerName!: string | null;

  @Column({ type: 'varchar', length: 16 })
  language!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'remedy_sought', type: 'text', nullable: true })
  remedySought!: string | null;

  @Column({ name: 'occurred_on', type: 'varchar', length: 10, nullable: true })
  occurredOn!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  assessment!: Assessment | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  priority!: Priority | null;

  @Index()
  @Column({ name: 'assignee_id', type: 'varchar', length: 64, nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'involved_staff_ids', type: 'simple-json' })
  involvedStaffIds!: string[];

  @Column({ type: 'simple-json' })
  deadlines!: CaseDeadline[];

  /** The earliest deadline still running, kept beside the JSON so "overdue" is one indexed comparison. */
  @Index()
  @Column({ name: 'next_due_at', type: 'varchar', length: 24, nullable: true })
  nextDueAt!: string | null;

  @Column({ name: 'paused_at', type: 'varchar', length: 24, nullable: true })
  pausedAt!: string | null;

  @Column({ name: 'open_question', type: 'text', nullable: true })
  openQuestion!: string | null;

  @Column({ name: 'proposed_response', type: 'simple-json', nullable: true })
  proposedResponse!: ProposedResponse | null;

  @Column({ type: 'simple-json', nullable: true })
  closure!: Closure | null;

  @Index()
  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ name: 'acknowledged_at', type: 'varchar', length: 24, nullable: true })
  acknowledgedAt!: string | null;

  @Column({ name: 'resolved_at', type: 'varchar', length: 24, nullable: true })
  resolvedAt!: string | null;

  @Column({ name: 'closed_at', type: 'varchar', length: 24, nullable: true })
  closedAt!: string | null;

  @Column({ name: 'withdrawn_at', type: 'varchar', length: 24, nullable: true })
  withdrawnAt!: string | null;

  @Column({ name: 'erased_at', type: 'varchar', length: 24, nullable: true })
  erasedAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  /** Bumped by every change to the case, history included, so concurrent writers notice each other. */
  @VersionColumn()
  version!: number;

  static fromDomain(complaint: Complaint, version: number): ComplaintRecord {
    const { contact, ...rest } = complaint;
    const running = complaint.deadlines.filter((d) => d.settledAt === null).map((d) => d.dueAt);
    return Object.assign(new ComplaintRecord(), {
      ...rest,
      contactKind: contact.kind,
      contactValue: contact.value,
      nextDueAt: running.length > 0 ? running.sort()[0] : null,
      version,
    });
  }

  toDomain(): Complaint {
    const { contactKind, contactValue, nextDueAt: _nextDueAt, version: _version, ...rest } = this;
    return { ...rest, contact: { kind: contactKind, value: contactValue } };
  }
}
