import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DatabaseModule } from '../database/database.module.js';
import { CustomerDataRegistry } from '../privacy/customer-data.js';
import { InboundCustomerData } from './inbound-customer-data.js';
import { InboundMessageRepository } from './inbound-message.repository.js';
import { INBOUND_SETTINGS, InboundPipeline, type InboundSettings } from './inbound-pipeline.js';

/** The one inbound pipeline; each channel adapter imports this module and registers its handler. */
@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: INBOUND_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): InboundSettings => ({
        pollIntervalMs: 5_000,
        leaseMs: config.CLAIM_LEASE_SECONDS * 1000,
        capacity: 20,
        maxAttempts: 5,
      }),
    },
    InboundMessageRepository,
    InboundPipeline,
    InboundCustomerData,
  ],
  exports: [InboundPipeline],
})
export class InboundModule implements OnModuleInit {
  constructor(
    private readonly registry: CustomerDataRegistry,
    private readonly customerData: InboundCustomerData,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.customerData);
  }
}
