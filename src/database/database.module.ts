import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { dataSourceOptions } from './data-source.options.js';
import { UnitOfWork } from './unit-of-work.js';

@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => dataSourceOptions(config) })],
  providers: [UnitOfWork],
  exports: [UnitOfWork],
})
export class DatabaseModule {}
