import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The hash of the secret code a customer was given with their reference (see secret-code.ts); never the code. */
@Entity('complaint_secrets')
export class ComplaintSecretRecord {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  reference!: string;

  @Column({ name: 'code_hash', type: 'varchar', length: 200 })
  codeHash!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
