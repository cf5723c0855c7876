import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The seal over each case history's head (see case-seal.ts), replaced in the transaction that appends to it. */
@Entity('case_seals')
export class CaseSealRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ type: 'integer' })
  events!: number;

  @Column({ name: 'head_hash', type: 'varchar', length: 64 })
  headHash!: string;

  @Column({ type: 'varchar', length: 64 })
  seal!: string;

  @Column({ name: 'sealed_at', type: 'varchar', length: 24 })
  sealedAt!: string;
}
