import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { dataSourceOptions } from './data-source.options.js';
import { DIALOG_STORAGE } from './dialog-state/dialog-storage.js';
import { TypeOrmStorage } from './dialog-state/typeorm-storage.js';
import { DatabaseAccess } from './database-access.js';
import { ClusterLocks } from './cluster-locks.js';
import { DatabaseNotifications } from './database-notifications.js';
import { RateLimiters } from './rate-limiters.js';
import { ScheduledJobs } from './scheduled-jobs.js';
import { ScheduledRunRepository } from './scheduled-runs/scheduled-run.repository.js';
import type { SchemaPart } from './schema.js';
import { SqliteOptimizer } from './sqlite-optimizer.js';
import { UnitOfWork } from './unit-of-work.js';

/** Global so that dialogs/ can inject DIALOG_STORAGE without depending on the database layer. */
@Global()
@Module({})
export class DatabaseModule {
  /** The schema is the core's and every channel adapter's; the composition root puts it together. */
  static forRoot(schema: SchemaPart): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => dataSourceOptions(config, schema),
        }),
      ],
      providers: [
        UnitOfWork,
        DatabaseAccess,
        DatabaseNotifications,
        RateLimiters,
        ClusterLocks,
        ScheduledRunRepository,
        ScheduledJobs,
        TypeOrmStorage,
        SqliteOptimizer,
        { provide: DIALOG_STORAGE, useExisting: TypeOrmStorage },
      ],
      exports: [UnitOfWork, DatabaseAccess, DatabaseNotifications, RateLimiters, ClusterLocks, ScheduledJobs, DIALOG_STORAGE],
    };
  }
}
