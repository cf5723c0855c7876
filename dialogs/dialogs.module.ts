import { Module } from '@nestjs/common';
import type { Storage } from 'botbuilder';
import { CHANNEL_DIRECTORY, type ChannelDirectory } from '../src/channels/channel-directory.js';
import type { Clock } from '../src/complaints/clock.js';
import { CLOCK } from '../src/complaints/clock.js';
import { ComplaintsModule } from '../src/complaints/complaints.module.js';
import { DIALOG_STORAGE } from '../src/database/dialog-state/dialog-storage.js';
import { CUSTOMER_DESK, type CustomerDesk } from '../src/complaints/customer-desk/customer-desk.js';
import { DISPUTE_DESK, type DisputeDesk } from '../src/disputes/dispute-desk.js';
import { DisputesModule } from '../src/disputes/disputes.module.js';
import { SatisfactionModule } from '../src/satisfaction/satisfaction.module.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { RedressBot } from './redress-bot.js';
import { BOT } from './tokens.js';

/**
 * Provides the customer bot to the channel adapters; DIALOG_STORAGE and CHANNEL_DIRECTORY come from the (global)
 * database and channels modules.
 */
@Module({
  imports: [ComplaintsModule, SatisfactionModule, DisputesModule],
  providers: [
    {
      provide: BOT,
      inject: [DIALOG_STORAGE, CUSTOMER_DESK, CLOCK, CHANNEL_DIRECTORY, SURVEY_DESK, DISPUTE_DESK],
      useFactory: (storage: Storage, desk: CustomerDesk, clock: Clock, channels: ChannelDirectory, surveys: SurveyDesk, disputes: DisputeDesk) =>
        new RedressBot(storage, desk, clock, channels, surveys, disputes),
    },
  ],
  exports: [BOT],
})
export class DialogsModule {}
