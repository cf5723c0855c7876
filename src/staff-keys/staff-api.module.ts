import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { resolveStaffApiKey, STAFF_API_KEY } from './shared-staff-key.js';
import { StaffApiKeyGuard } from './staff-api-key.guard.js';
import { StaffApiKeyRepository } from './staff-api-key.repository.js';
import { StaffApiKeys } from './staff-api-keys.js';

/** Who may call the staff API: the shared key for integrations, and personal keys for people. */
@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: STAFF_API_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { key, file } = resolveStaffApiKey(config);
        if (file) new Logger('StaffApi').log(`STAFF_API_KEY is not set; the staff API key is kept in ${file}`);
        return key;
      },
    },
    StaffApiKeyRepository,
    StaffApiKeys,
    StaffApiKeyGuard,
  ],
  exports: [STAFF_API_KEY, StaffApiKeys, StaffApiKeyGuard],
})
export class StaffApiModule {}
