import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { AuditIntegrity } from './audit-integrity.js';
import { AUDIT_KEY, resolveAuditKey } from './audit-key.js';
import { CaseHistory } from './case-history.js';
import { CaseHistoryRepository } from './case-history.repository.js';

@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: AUDIT_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { key, file } = resolveAuditKey(config);
        if (file) new Logger('Audit').log(`AUDIT_KEY is not set; the key that seals case histories is kept in ${file}`);
        return key;
      },
    },
    CaseHistoryRepository,
    CaseHistory,
    AuditIntegrity,
  ],
  exports: [CaseHistory, AUDIT_KEY],
})
export class AuditModule {}
