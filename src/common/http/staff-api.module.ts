import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { StaffApiKeyGuard } from './staff-api-key.guard.js';
import { resolveStaffApiKey, STAFF_API_KEY } from './staff-api-key.js';

@Module({
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
    StaffApiKeyGuard,
  ],
  exports: [STAFF_API_KEY, StaffApiKeyGuard],
})
export class StaffApiModule {}
