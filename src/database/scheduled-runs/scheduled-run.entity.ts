import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When a job that runs once across instances (the retention sweep) last ran to its end. */
@Entity('scheduled_runs')
export class ScheduledRunRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  job!: string;

  /** When that run started: the next is due a period after it. */
  @Column({ name: 'last_started_at', type: 'varchar', length: 24 })
  lastStartedAt!: string;
}
