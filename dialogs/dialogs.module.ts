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
import { EvidenceDesk } from '../src/evidence/evidence-desk.js';
import { EvidenceModule } from '../src/evidence/evidence.module.js';
import { SatisfactionModule } from '../src/satisfaction/satisfaction.module.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { RedressBot } from './redress-bot.js';
import type { EvidenceIntake } from './evidence-files.js';
import { BOT, EVIDENCE_INTAKE } from './tokens.js';

/**
 * Provides the customer bot to the channel adapters; DIALOG_STORAGE and CHANNEL_DIRECTORY come from the (global)
 * database and channels modules.
 */
@Module({
  imports: [ComplaintsModule, SatisfactionModule, DisputesModule, EvidenceModule],
  providers: [
    { provide: EVIDENCE_INTAKE, useExisting: EvidenceDesk },
    {
      provide: BOT,
      inject: [DIALOG_STORAGE, CUSTOMER_DESK, CLOCK, CHANNEL_DIRECTORY, SURVEY_DESK, DISPUTE_DESK, EVIDENCE_INTAKE],
      useFactory: (
        storage: Storage,
        desk: CustomerDesk,
        clock: Clock,
        channels: ChannelDirectory,
        surveys: SurveyDesk,
        disputes: DisputeDesk,
        evidence: EvidenceIntake,
      ) => new RedressBot(storage, desk, clock, channels, surveys, disputes, evidence),
    },
  ],
  // the evidence desk for the adapters too: they read files only as far as its limit
  exports: [BOT, EVIDENCE_INTAKE],
})
export class DialogsModule {}
