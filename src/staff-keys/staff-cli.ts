import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from '../app.module.js';
import { ConfigError, configFromEnvironment } from '../config/config.schema.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { StaffApiKeys } from './staff-api-keys.js';
import { runStaffCommand, UsageError } from './staff-commands.js';

async function main(): Promise<number> {
  const dataSource = new DataSource(dataSourceOptions(configFromEnvironment(), APP_SCHEMA));
  await dataSource.initialize();
  try {
    process.stdout.write(`${await runStaffCommand(new StaffApiKeys(new UnitOfWork(dataSource)), process.argv.slice(2), new Date())}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(64); // EX_USAGE
    }
    throw error;
  },
);
