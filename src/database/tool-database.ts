import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseAccess } from './database-access.js';
import { dataSourceOptions } from './data-source.options.js';
import type { SchemaPart } from './schema.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * The database for a command-line tool run beside (or instead of) the server: opened (and migrated) as the server
 * opens it, handed to `work` as repositories and services take it, and closed once `work` is done.
 */
export async function withToolDatabase<T>(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'>,
  schema: SchemaPart,
  work: (database: { db: DatabaseAccess; unitOfWork: UnitOfWork }) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(config, schema));
  await dataSource.initialize();
  try {
    return await work({ db: new DatabaseAccess(dataSource), unitOfWork: new UnitOfWork(dataSource) });
  } finally {
    await dataSource.destroy();
  }
}
