import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { IndicatorsService } from './indicators.service.js';

/** ISO 10001/10002 indicators: promises met, times, volumes and rates, counted by the database. */
@Module({
  imports: [DatabaseModule],
  providers: [IndicatorsRepository, IndicatorsService],
  exports: [IndicatorsService],
})
export class IndicatorsModule {}
