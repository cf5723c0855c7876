import { Logger, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { CustomerDataModule } from '../privacy/customer-data.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceCustomerData } from './evidence-customer-data.js';
import { EvidenceViewer } from './evidence-viewer.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ConfigError, type AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { DiskEvidenceStorage } from './disk-evidence-storage.js';
import { EvidenceDesk } from './evidence-desk.js';
import { EvidenceFiles } from './evidence-files.js';
import { EvidenceOrphanSweep } from './evidence-orphan-sweep.js';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { EvidenceRepository } from './evidence.repository.js';
import { S3EvidenceStorage } from './s3-evidence-storage.js';

/** The bucket when EVIDENCE_S3_BUCKET names one, else DATA_DIR/evidence. */
export function evidenceStorage(config: AppConfig): EvidenceStorage {
  if (!config.EVIDENCE_S3_BUCKET) return new DiskEvidenceStorage(config.DATA_DIR);
  const { EVIDENCE_S3_ACCESS_KEY_ID: accessKeyId, EVIDENCE_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError('Invalid configuration: EVIDENCE_S3_ACCESS_KEY_ID and EVIDENCE_S3_SECRET_ACCESS_KEY must be set together');
  }
  return new S3EvidenceStorage({
    bucket: config.EVIDENCE_S3_BUCKET,
    region: config.EVIDENCE_S3_REGION,
    endpoint: config.EVIDENCE_S3_ENDPOINT,
    forcePathStyle: config.EVIDENCE_S3_FORCE_PATH_STYLE,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}

/** Files customers send with their complaints: checked, stored privately, and recorded in the case history. */
@Module({
  imports: [DatabaseModule, AuditModule, ComplaintsModule, StaffApiModule, CustomerDataModule, NotificationsModule],
  controllers: [EvidenceController],
  providers: [
    {
      provide: EVIDENCE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): EvidenceStorage => {
        const storage = evidenceStorage(config);
        new Logger('Evidence').log(`Evidence files are kept in the ${storage.describe()}`);
        return storage;
      },
    },
    EvidenceRepository,
    EvidenceDesk,
    EvidenceViewer,
    EvidenceCustomerData,
    EvidenceFiles,
    EvidenceOrphanSweep,
  ],
  exports: [EvidenceDesk, EvidenceFiles],
})
export class EvidenceModule {}
