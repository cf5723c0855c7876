import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { privateDirectory, privateFile } from '../common/private-files.js';
import type { AppConfig } from '../config/config.schema.js';
import type { SchemaPart } from './schema.js';

/**
 * SQLite file in DATA_DIR unless DATABASE_URL names a PostgreSQL server, with the tables of every part of the schema.
 * Schema changes only through migrations, which run at start.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'> & Partial<Pick<AppConfig, 'SQLITE_SYNCHRONOUS'>>,
  schema: SchemaPart,
): DataSourceOptions {
  const common = { entities: schema.entities, migrations: schema.migrations, migrationsRun: true, synchronize: false, logging: false } as const;
  if (config.DATABASE_URL) {
    // No JIT: it compiles a report's expressions for longer than the query runs (the row estimate of
    // json_array_elements, 100 a case, makes every report look worth compiling), and Redress's queries are short.
    return { ...common, type: 'postgres', url: config.DATABASE_URL, extra: { max: 10, options: '-c jit=off' } };
  }
  const dir = resolve(config.DATA_DIR);
  privateDirectory(dir);
  const database = resolve(dir, 'redress.sqlite');
  // SQLite gives the -wal and -shm files the database file's permissions
  for (const file of [database, `${database}-wal`, `${database}-shm`]) {
    if (file === database || existsSync(file)) privateFile(file);
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database,
    enableWAL: true,
    // Waits for a lock held by another process (a second instance, a backup) instead of failing at once.
    timeout: 5000,
    // Deleted and overwritten rows are zeroed in the file, not left in free pages where erased data could be read back.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('secure_delete = ON');
      // FULL unless chosen otherwise: a commit reported is on disk (see SQLITE_SYNCHRONOUS for what NORMAL gives up)
      db.pragma(`synchronous = ${config.SQLITE_SYNCHRONOUS === 'normal' ? 'NORMAL' : 'FULL'}`);
      // the planner's statistics, as SQLite's documentation recommends on opening (see SqliteOptimizer), bounded in time
      db.pragma('analysis_limit = 1000');
      db.pragma('optimize = 0x10002');
    },
  };
}
