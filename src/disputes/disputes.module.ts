import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { DisputeCustomerData } from './dispute-customer-data.js';
import { DISPUTE_DESK } from './dispute-desk.js';
import { DisputeDeskService } from './dispute-desk.service.js';
import { DisputeRepository } from './dispute.repository.js';
import { DisputeWatch } from './dispute-watch.js';
import { DISPUTE_KEY_PREFIX, disputeTexts } from './dispute-words.js';
import { DisputesController } from './disputes.controller.js';
import { DisputesService } from './disputes.service.js';

/** ISO 10003: the options offered when a complaint stays unresolved, the customer's consent, referrals and outcomes. */
@Module({
  imports: [DatabaseModule, AuditModule, StaffApiModule, NotificationsModule, ComplaintsModule],
  controllers: [DisputesController],
  providers: [DisputeRepository, DisputesService, DisputeWatch, DisputeCustomerData, { provide: DISPUTE_DESK, useClass: DisputeDeskService }],
  exports: [DisputesService, DISPUTE_DESK],
})
export class DisputesModule implements OnModuleInit {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly disputes: DisputesService,
  ) {}

  onModuleInit(): void {
    this.renderer.register(DISPUTE_KEY_PREFIX, disputeTexts(this.disputes.wordSettings()));
  }
}
