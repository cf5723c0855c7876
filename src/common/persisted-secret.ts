import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { privateDirectory, privateFile } from './private-files.js';

/**
 * A secret from the configuration, or one generated on first start and kept in `dataDir/fileName`, readable by the
 * owner only, so that an embedded install works and stays the same across restarts. The value is never logged; the
 * file's path may be.
 */
export function configuredOrPersistedSecret(
  configured: string | undefined,
  dataDir: string,
  fileName: string,
  bytes: number,
): { value: string; file?: string } {
  if (configured) return { value: configured };
  const dir = resolve(dataDir);
  const file = resolve(dir, fileName);
  if (existsSync(file)) {
    privateFile(file);
    return { value: readFileSync(file, 'utf8').trim(), file };
  }
  privateDirectory(dir);
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, file };
}
