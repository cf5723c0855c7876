import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OutboxSettlement } from '../notifications/outbox-settlement.js';
import { maskedRecipient } from '../notifications/masked-recipient.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { ComplaintRepository } from './complaint.repository.js';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';
import { ComplaintSecretRepository } from './customer-desk/complaint-secret.repository.js';
import { ProofAttemptRepository } from './customer-desk/proof-attempt.repository.js';
import { CUSTOMER_DESK } from './customer-desk/customer-desk.js';
import { CustomerDeskService } from './customer-desk/customer-desk.service.js';
import { HandOffRepository } from './hand-offs/hand-off.repository.js';
import { HandOffWatch } from './hand-offs/hand-off-watch.js';
import { HandOffs } from './hand-offs/hand-offs.service.js';

@Module({
  // IndicatorsModule: what the reports count of each case (ReportFactsRepository), written in the case's own
  // transaction, by the one instance whose marks the monthly sums' upkeep hears
  imports: [DatabaseModule, AuditModule, StaffApiModule, NotificationsModule, IndicatorsModule],
  controllers: [ComplaintsController],
  providers: [
    ComplaintRepository,
    ComplaintSecretRepository,
    ProofAttemptRepository,
    HandOffRepository,
    ComplaintsService,
    HandOffs,
    HandOffWatch,
    { provide: CUSTOMER_DESK, useClass: CustomerDeskService },
  ],
  exports: [ComplaintsService, HandOffs, CUSTOMER_DESK, ComplaintRepository],
})
export class ComplaintsModule implements OnModuleInit {
  private readonly logger = new Logger('ComplaintsModule');

  constructor(
    private readonly settlement: OutboxSettlement,
    private readonly complaints: ComplaintsService,
    private readonly handOffs: HandOffs,
    private readonly channels: ChannelRegistry,
  ) {}

  onModuleInit(): void {
    // Only failures towards customers go into the case: recording a failed staff message would owe staff another.
    // Whether the relay gave up or the provider reported it later, the failure is recorded once, with the settlement.
    this.settlement.onFailed(async (message) => {
      if (message.reference === null || !this.channels.profile(message.channel)) return;
      const to = maskedRecipient(message.recipient);
      try {
        await this.complaints.recordDeliveryFailure(message.reference, {
          channel: message.channel,
          kind: message.kind,
          error: message.lastError ?? 'unknown',
          // `contact` is one of the history's personal fields: erasing the customer erases it too
          ...(to ? { contact: to } : {}),
        });
      } catch (error) {
        // a case that is gone (erased) has no history to tell; the message is failed all the same
        if (!(error instanceof DomainError && error.code === 'complaint_not_found')) throw error;
        this.logger.warn({ reference: message.reference, messageId: message.id }, 'A message failed for a case that is gone');
      }
    });
    this.settlement.onFailed((message) => this.handOffs.replyFailed(message));
  }
}
