import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DIALOG_STORAGE } from '../../dialogs/tokens.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { dataSourceOptions } from './data-source.options.js';
import { TypeOrmStorage } from './dialog-state/typeorm-storage.js';
import { UnitOfWork } from './unit-of-work.js';

/** Global so that dialogs/ can inject DIALOG_STORAGE without depending on the database layer. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // channel adapters keep their own tables and register those entities with TypeOrmModule.forFeature
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
    }),
  ],
  providers: [UnitOfWork, TypeOrmStorage, { provide: DIALOG_STORAGE, useExisting: TypeOrmStorage }],
  exports: [UnitOfWork, DIALOG_STORAGE],
})
export class DatabaseModule {}
