import 'reflect-metadata';
import { APP_SCHEMA } from '../app.module.js';
import { ConfigError, configFromEnvironment } from '../config/config.schema.js';
import { withToolDatabase } from '../database/tool-database.js';
import { StaffApiKeyRepository } from './staff-api-key.repository.js';
import { StaffApiKeys } from './staff-api-keys.js';
import { runStaffCommand, UsageError } from './staff-commands.js';

async function main(): Promise<number> {
  return withToolDatabase(configFromEnvironment(), APP_SCHEMA, async ({ db, unitOfWork }) => {
    const keys = new StaffApiKeys(unitOfWork, new StaffApiKeyRepository(db));
    process.stdout.write(`${await runStaffCommand(keys, process.argv.slice(2), new Date())}\n`);
    return 0;
  });
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
