import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const READ_ALL = `
const { readFileSync } = require('node:fs');
const parts = [];
for (const file of process.argv.slice(1)) {
  try { parts.push(readFileSync(file)); } catch { /* not there: holds nothing */ }
}
process.stdout.write(Buffer.concat(parts).toString('base64'));
`;

/**
 * The bytes of a SQLite database as they lie on disk: the file, its write-ahead log and its shared memory, read
 * as latin1 and as UTF-8 for searching. They are read by another process: a process that opens and closes the
 * database file itself drops every POSIX lock SQLite holds on it, and another connection could then delete the
 * write-ahead log from under the server.
 */
export function databaseFileText(dataDir: string): string {
  const files = ['redress.sqlite', 'redress.sqlite-wal', 'redress.sqlite-shm'].map((name) => join(dataDir, name));
  const read = spawnSync(process.execPath, ['-e', READ_ALL, ...files], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  if (read.status !== 0) throw new Error(`Could not read the database files: ${read.stderr}`);
  const bytes = Buffer.from(read.stdout, 'base64');
  return `${bytes.toString('latin1')}\n${bytes.toString('utf8')}`;
}
