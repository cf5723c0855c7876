import type { AppConfig } from '../config/config.schema.js';
import { configuredOrPersistedSecret } from '../common/persisted-secret.js';

export const STAFF_API_KEY = Symbol('STAFF_API_KEY');

/**
 * The configured key, or one generated on first start into DATA_DIR/staff-api-key, so that a newcomer's embedded
 * install is usable and yet never open.
 */
export function resolveStaffApiKey(config: Pick<AppConfig, 'STAFF_API_KEY' | 'DATA_DIR'>): { key: string; file?: string } {
  const { value, file } = configuredOrPersistedSecret(config.STAFF_API_KEY, config.DATA_DIR, 'staff-api-key', 24);
  return { key: value, file };
}
