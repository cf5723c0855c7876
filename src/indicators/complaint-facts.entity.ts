import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseFacts } from './case-facts.js';

/** One row a complaint: what the reports count of it (see CaseFacts). Flags are 0 or 1, summed as they are. */
@Entity('complaint_facts')
export class ComplaintFactsRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ name: 'root_cause', type: 'varchar', length: 64, nullable: true })
  rootCause!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outcome!: string | null;

  @Column({ type: 'integer' })
  ended!: number;

  @Column({ type: 'integer' })
  reopened!: number;

  @Column({ type: 'integer' })
  withdrawn!: number;

  @Column({ name: 'acknowledge_seconds', type: 'integer', nullable: true })
  acknowledgeSeconds!: number | null;

  @Column({ name: 'final_response_seconds', type: 'integer', nullable: true })
  finalResponseSeconds!: number | null;

  static of(facts: CaseFacts): ComplaintFactsRecord {
    return Object.assign(new ComplaintFactsRecord(), { ...facts, ended: Number(facts.ended), reopened: Number(facts.reopened), withdrawn: Number(facts.withdrawn) });
  }

  toFacts(): CaseFacts {
    return { ...this, ended: Number(this.ended) === 1, reopened: Number(this.reopened) === 1, withdrawn: Number(this.withdrawn) === 1 };
  }
}
