import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvidenceKind } from './evidence-type.js';

/** One file a customer sent with a complaint; the bytes live in the evidence storage under `storageKey`. */
@Entity('evidence')
@Index('UQ_evidence_source', ['complaintReference', 'sourceKey'], { unique: true })
export class EvidenceRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_evidence_complaint')
  @Column({ name: 'complaint_reference', type: 'varchar', length: 20 })
  complaintReference!: string;

  /** The channel it came by: `webchat`, `sms` or `whatsapp`. */
  @Column({ type: 'varchar', length: 16 })
  origin!: string;

  /** The delivery it came in (`twilio:MM…:0`), the same on every retry of it. */
  @Column({ name: 'source_key', type: 'varchar', length: 200 })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: EvidenceKind;

  @Column({ name: 'media_type', type: 'varchar', length: 40 })
  mediaType!: string;

  /** The name it is offered for download as, made safe from the customer's own. */
  @Column({ name: 'file_name', type: 'varchar', length: 80 })
  fileName!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 100 })
  storageKey!: string;

  @Index('IDX_evidence_created')
  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
