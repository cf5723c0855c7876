import { Module } from '@nestjs/common';
import { DatabaseHealthRepository } from './database-health.repository.js';
import { HealthController } from './health.controller.js';

/** /health/live and /health/ready; InstanceState (imported by the composition root) says whether it is shutting down. */
@Module({
  controllers: [HealthController],
  providers: [DatabaseHealthRepository],
})
export class HealthModule {}
