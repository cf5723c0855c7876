import { Module, type OnModuleInit } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { ProofAttemptRepository } from '../complaints/customer-desk/proof-attempt.repository.js';
import { HandOffRepository } from '../complaints/hand-offs/hand-off.repository.js';
import { DialogStateRepository } from '../database/dialog-state/dialog-state.repository.js';
import { OutboxMessageRepository } from '../notifications/outbox-message.repository.js';
import { DatabaseModule } from '../database/database.module.js';
import { StaffApiModule } from '../staff-keys/staff-api.module.js';
import { CaseConversations } from './complaint-links.js';
import { CoreCustomerData } from './core-customer-data.js';
import { CustomerDataRegistry } from './customer-data.js';
import { CustomerErasures } from './customer-erasure.js';
import { CustomerExports } from './customer-export.js';
import { CustomerSubjects } from './customer-subjects.js';
import { DatabaseFiles } from '../database/database-files.js';
import { PrivacyController } from './privacy.controller.js';
import { RetentionSweep } from './retention-sweep.js';

/**
 * UK GDPR / GDPR duties: a customer's data handed over or erased on request, data outside complaints let go on time,
 * and closed complaints anonymised.
 */
@Module({
  imports: [DatabaseModule, ComplaintsModule, StaffApiModule],
  controllers: [PrivacyController],
  providers: [
    // stateless, so the modules that own them need not export them
    HandOffRepository,
    ProofAttemptRepository,
    DialogStateRepository,
    OutboxMessageRepository,
    CaseConversations,
    CoreCustomerData, CustomerSubjects, CustomerExports, CustomerErasures, DatabaseFiles, RetentionSweep],
  exports: [RetentionSweep, CustomerErasures],
})
export class PrivacyModule implements OnModuleInit {
  constructor(
    private readonly registry: CustomerDataRegistry,
    private readonly core: CoreCustomerData,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.core);
  }
}
