import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { StaffApiModule } from '../common/http/staff-api.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';
import { CUSTOMER_DESK } from './customer-desk/customer-desk.js';
import { CustomerDeskService } from './customer-desk/customer-desk.service.js';

@Module({
  imports: [DatabaseModule, AuditModule, StaffApiModule, NotificationsModule],
  controllers: [ComplaintsController],
  providers: [
    ComplaintsService,
    { provide: CUSTOMER_DESK, useClass: CustomerDeskService },
  ],
  exports: [ComplaintsService, CUSTOMER_DESK],
})
export class ComplaintsModule {}
