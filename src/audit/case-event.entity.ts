import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChainedEvent, HashScheme } from './hash-chain.js';

/**
 * One line of a case's history. The database refuses deletes, and every update but an erasure's (see the migrations
 * InitialSchema and CaseEventErasure).
 */
@Entity('case_events')
@Index(['reference', 'seq'], { unique: true })
export class CaseEventRecord implements ChainedEvent {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** `staff:U123`, `customer`, `system:scheduler`, `api:key`. */
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  /** See ChainedFields.scheme: 1 for events written before erasure existed. */
  @Column({ name: 'hash_scheme', type: 'integer', default: 1 })
  scheme!: HashScheme;

  /** Scheme 2's salt for the digests of the personal fields; null once they are erased. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  salt!: string | null;

  /** When the personal fields were erased: the one change the database lets through, once (see the migration). */
  @Column({ name: 'erased_at', type: 'varchar', length: 24, nullable: true })
  erasedAt!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
