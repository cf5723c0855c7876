import { Module } from '@nestjs/common';
import type { Storage } from 'botbuilder';
import type { Clock } from '../src/complaints/clock.js';
import { CLOCK } from '../src/complaints/clock.js';
import { ComplaintsModule } from '../src/complaints/complaints.module.js';
import { DIALOG_STORAGE } from '../src/database/dialog-state/dialog-storage.js';
import { CUSTOMER_DESK, type CustomerDesk } from '../src/complaints/customer-desk/customer-desk.js';
import { RedressBot } from './redress-bot.js';
import { BOT } from './tokens.js';

/** Provides the customer bot to the channel adapters; DIALOG_STORAGE comes from the (global) database module. */
@Module({
  imports: [ComplaintsModule],
  providers: [
    {
      provide: BOT,
      inject: [DIALOG_STORAGE, CUSTOMER_DESK, CLOCK],
      useFactory: (storage: Storage, desk: CustomerDesk, clock: Clock) => new RedressBot(storage, desk, clock),
    },
  ],
  exports: [BOT],
})
export class DialogsModule {}
