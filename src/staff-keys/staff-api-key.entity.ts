import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A personal staff API key: whose it is, with which role, and the SHA-256 of its secret (never the secret). */
@Entity('staff_api_keys')
export class StaffApiKeyRecord {
  /** Public part of the key (`rk_<id>_<secret>`), shown in lists so a key can be named without revealing it. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 64 })
  staffId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: 'handler' | 'supervisor';

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'last_used_at', type: 'varchar', length: 24, nullable: true })
  lastUsedAt!: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 24, nullable: true })
  revokedAt!: string | null;
}
