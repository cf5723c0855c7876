import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { DatabaseModule } from '../database/database.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { DEADLINE_KEY_PREFIX, deadlineTexts } from './deadline-texts.js';
import { DeadlineWatch } from './deadline-watch.js';

/** Warnings, alerts and holding responses for the code of conduct's deadlines. */
@Module({
  imports: [DatabaseModule, NotificationsModule, ComplaintsModule],
  providers: [DeadlineWatch],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.renderer.register(DEADLINE_KEY_PREFIX, deadlineTexts({ timeZone: this.conduct.timeZone(), locale: this.conduct.code.language, now: () => this.clock.now() }));
  }
}
