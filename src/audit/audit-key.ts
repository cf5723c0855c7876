import type { AppConfig } from '../config/config.schema.js';
import { configuredOrPersistedSecret } from '../common/persisted-secret.js';

export const AUDIT_KEY = Symbol('AUDIT_KEY');

/**
 * The key that seals case histories: AUDIT_KEY, or one generated on first start into DATA_DIR/audit-key. Either way
 * it is not in the database, which is the point. Instances sharing one PostgreSQL database need the same AUDIT_KEY.
 */
export function resolveAuditKey(config: Pick<AppConfig, 'AUDIT_KEY' | 'DATA_DIR'>): { key: string; file?: string } {
  const { value, file } = configuredOrPersistedSecret(config.AUDIT_KEY, config.DATA_DIR, 'audit-key', 32);
  return { key: value, file };
}
