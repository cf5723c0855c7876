import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One answer to "prove it is your complaint", kept so that guessing can be throttled across restarts. */
@Entity('proof_attempts')
export class ProofAttemptRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ name: 'requester_key', type: 'varchar', length: 200 })
  requesterKey!: string;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'boolean' })
  succeeded!: boolean;
}
