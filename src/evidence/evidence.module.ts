import { Logger, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { DiskEvidenceStorage } from './disk-evidence-storage.js';
import { EvidenceDesk } from './evidence-desk.js';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { EvidenceRepository } from './evidence.repository.js';

/** Files customers send with their complaints: checked, stored privately, and recorded in the case history. */
@Module({
  imports: [DatabaseModule, AuditModule],
  providers: [
    {
      provide: EVIDENCE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): EvidenceStorage => {
        const storage = new DiskEvidenceStorage(config.DATA_DIR);
        new Logger('Evidence').log(`Evidence files are kept on ${storage.kind}`);
        return storage;
      },
    },
    EvidenceRepository,
    EvidenceDesk,
  ],
  exports: [EvidenceDesk],
})
export class EvidenceModule {}
