import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineFact, DeadlineOutcome } from './case-facts.js';

/** One row per deadline a complaint holds now (see DeadlineFact), replaced with the case. */
@Entity('case_deadlines')
export class CaseDeadlineRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @PrimaryColumn({ name: 'promise_id', type: 'varchar', length: 64 })
  promiseId!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ name: 'due_at', type: 'varchar', length: 24 })
  dueAt!: string;

  @Column({ name: 'settled_at', type: 'varchar', length: 24, nullable: true })
  settledAt!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: DeadlineOutcome | null;

  @Column({ name: 'runs_while_paused', type: 'integer' })
  runsWhilePaused!: number;

  @Column({ name: 'paused_at', type: 'varchar', length: 24, nullable: true })
  pausedAt!: string | null;

  static of(fact: DeadlineFact): CaseDeadlineRecord {
    return Object.assign(new CaseDeadlineRecord(), { ...fact, runsWhilePaused: Number(fact.runsWhilePaused) });
  }

  toFact(): DeadlineFact {
    return { ...this, runsWhilePaused: Number(this.runsWhilePaused) === 1 };
  }
}
