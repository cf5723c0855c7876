import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member of staff signed in to the report page in a browser. The cookie holds a random token; only its SHA-256 is
 * kept, so a copy of the database signs nobody in.
 */
@Entity('staff_sessions')
export class StaffSessionRecord {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 64 })
  staffId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: 'handler' | 'supervisor';

  /**
   * What vouched for them: `key:<id>` (a personal staff key, which must still be valid on each request),
   * `shared:<digest prefix>` (the shared STAFF_API_KEY as it was then) or `slack:<team id>`.
   */
  @Column({ type: 'varchar', length: 80 })
  credential!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'last_seen_at', type: 'varchar', length: 24 })
  lastSeenAt!: string;
}

/**
 * A "Sign in with Slack" started and not yet finished: its `state` (hashed), the `nonce` the id_token must carry, and
 * the hash of a cookie that ties it to the browser that started it. Taken once, then deleted.
 */
@Entity('staff_sign_in_attempts')
export class StaffSignInAttemptRecord {
  @PrimaryColumn({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash!: string;

  @Column({ type: 'varchar', length: 64 })
  nonce!: string;

  @Column({ name: 'browser_hash', type: 'varchar', length: 64 })
  browserHash!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}

export const REPORTS_PAGE_ENTITIES = [StaffSessionRecord, StaffSignInAttemptRecord];
