import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { OperationsMetrics } from './operations-metrics.js';
import { QueueDepthsRepository } from './queue-depths.repository.js';

/** Gauges read from the database when Prometheus scrapes, so every instance reports the same shared queues. */
@Injectable()
export class QueueGauges implements OnModuleInit {
  constructor(
    private readonly metrics: OperationsMetrics,
    private readonly queues: QueueDepthsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const { queues, clock } = this;
    const registers = [this.metrics.registry];
    // one query serves both outbox gauges in a scrape
    let reading: Promise<{ depth: number; oldestDueAt: string | null }> | undefined;
    const outboxDue = () => (reading ??= queues.outboxDue(clock.now().toISOString()).finally(() => setImmediate(() => (reading = undefined))));
    new Gauge({
      name: 'redress_outbox_depth',
      help: 'Outbox messages due now and not yet sent (waiting, or being sent)',
      registers,
      async collect() {
        this.set((await outboxDue()).depth);
      },
    });
    new Gauge({
      name: 'redress_outbox_oldest_age_seconds',
      help: 'How long the longest-waiting outbox message due now has waited since it fell due; 0 when none waits',
      registers,
      async collect() {
        const { oldestDueAt } = await outboxDue();
        this.set(oldestDueAt ? Math.max(0, (clock.now().getTime() - Date.parse(oldestDueAt)) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'redress_inbound_queue_depth',
      help: 'Customer messages stored and not yet handled, by channel',
      labelNames: ['channel'] as const,
      registers,
      async collect() {
        this.reset();
        for (const { channel, depth } of await queues.inboundWaiting()) this.set({ channel }, depth);
      },
    });
  }
}
