import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '../../config/config.schema.js';

export const STAFF_API_KEY = Symbol('STAFF_API_KEY');

/**
 * The configured key, or one generated on first start and kept in DATA_DIR/staff-api-key (readable by the owner
 * only), so that a newcomer's embedded install is usable and yet never open; the key itself is never logged.
 */
export function resolveStaffApiKey(config: Pick<AppConfig, 'STAFF_API_KEY' | 'DATA_DIR'>): { key: string; file?: string } {
  if (config.STAFF_API_KEY) return { key: config.STAFF_API_KEY };
  const dir = resolve(config.DATA_DIR);
  const file = resolve(dir, 'staff-api-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), file };
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, file };
}
