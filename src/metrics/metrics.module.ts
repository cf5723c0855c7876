import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { OperationsMetrics } from './operations-metrics.js';
import { QueueDepthsRepository } from './queue-depths.repository.js';
import { QueueGauges } from './queue-gauges.js';

/** /metrics; global so that the inbound pipeline, the outbox relay and the deadline watch can count what they do. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [OperationsMetrics, QueueDepthsRepository, QueueGauges],
  exports: [OperationsMetrics],
})
export class MetricsModule {}
