import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChainedEvent } from './hash-chain.js';

/** One line of a case's history. The database refuses updates and deletes (see the initial migration). */
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

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
