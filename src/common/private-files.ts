import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { Logger } from '@nestjs/common';

const logger = new Logger('Files');
const reported = new Set<string>();

/**
 * DATA_DIR holds every phone number and complaint text, and the secrets: only the account Redress runs as may read it.
 * A folder Redress creates is 0700. One that exists already may be a mount point or shared on purpose, so a looser
 * one is reported, not changed.
 */
export function privateDirectory(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const mode = statSync(dir).mode & 0o777;
  if (mode & 0o077 && !reported.has(dir)) {
    reported.add(dir);
    logger.warn(`${dir} can be read by other accounts (mode ${octal(mode)}); it holds personal data and secrets: chmod 700 it`);
  }
}

/**
 * A file of Redress's own (the SQLite database, a generated secret), created 0600 if it is missing and put back to
 * 0600 if its permissions were loosened, with a warning, since others may have read it meanwhile.
 */
export function privateFile(file: string): void {
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', 0o600));
    return;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    chmodSync(file, 0o600);
    logger.warn(`${file} could be read by other accounts (mode ${octal(mode)}); it is now 0600`);
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}
