import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OutboxRelay } from '../notifications/outbox-relay.js';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';
import { CUSTOMER_CHANNELS } from './customer-address.js';
import { CUSTOMER_DESK } from './customer-desk/customer-desk.js';
import { CustomerDeskService } from './customer-desk/customer-desk.service.js';
import { HandOffWatch } from './hand-offs/hand-off-watch.js';
import { HandOffs } from './hand-offs/hand-offs.service.js';

@Module({
  imports: [DatabaseModule, AuditModule, StaffApiModule, NotificationsModule],
  controllers: [ComplaintsController],
  providers: [
    ComplaintsService,
    HandOffs,
    HandOffWatch,
    { provide: CUSTOMER_DESK, useClass: CustomerDeskService },
  ],
  exports: [ComplaintsService, HandOffs, CUSTOMER_DESK],
})
export class ComplaintsModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly complaints: ComplaintsService,
  ) {}

  onModuleInit(): void {
    // Only failures towards customers go into the case: recording a failed staff message would owe staff another.
    this.relay.onFailure(async (message) => {
      if (message.reference === null || !(CUSTOMER_CHANNELS as readonly string[]).includes(message.channel)) return;
      await this.complaints.recordDeliveryFailure(message.reference, {
        channel: message.channel,
        kind: message.kind,
        error: message.lastError ?? 'unknown',
      });
    });
  }
}
