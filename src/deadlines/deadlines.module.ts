import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DeadlineWatch } from './deadline-watch.js';

/** Warnings, alerts and holding responses for the code of conduct's deadlines. */
@Module({
  imports: [DatabaseModule, NotificationsModule, ComplaintsModule],
  providers: [DeadlineWatch],
})
export class DeadlinesModule {}
