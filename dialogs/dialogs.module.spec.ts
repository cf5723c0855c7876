import { describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MemoryStorage } from 'botbuilder';
import { CLOCK } from '../src/complaints/clock.js';
import { ComplaintsModule } from '../src/complaints/complaints.module.js';
import { DIALOG_STORAGE } from '../src/database/dialog-state/dialog-storage.js';
import { CUSTOMER_DESK } from '../src/complaints/customer-desk/customer-desk.js';
import { DialogsModule } from './dialogs.module.js';
import { RedressBot } from './redress-bot.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { NOW } from './testing/fixtures.js';
import { TestConversation } from './testing/test-conversation.js';
import { FakeSurveyDesk } from './testing/fake-survey-desk.js';
import { BOT } from './tokens.js';
import { CHANNEL_DIRECTORY } from '../src/channels/channel-directory.js';
import { DISPUTE_DESK } from '../src/disputes/dispute-desk.js';
import { DisputesModule } from '../src/disputes/disputes.module.js';
import { EvidenceDesk } from '../src/evidence/evidence-desk.js';
import { EvidenceModule } from '../src/evidence/evidence.module.js';
import { SatisfactionModule } from '../src/satisfaction/satisfaction.module.js';
import { SURVEY_DESK } from '../src/satisfaction/survey-desk.js';
import { TEST_CHANNELS } from './testing/channels.js';
import { FakeEvidence } from './testing/fake-evidence.js';

const clock = { now: () => NOW };

/** What the application provides globally: the database module's dialog storage, the clock and the declared channels. */
@Global()
@Module({
  providers: [
    { provide: DIALOG_STORAGE, useValue: new MemoryStorage() },
    { provide: CLOCK, useValue: clock },
    { provide: CHANNEL_DIRECTORY, useValue: TEST_CHANNELS },
  ],
  exports: [DIALOG_STORAGE, CLOCK, CHANNEL_DIRECTORY],
})
class FakeInfrastructureModule {}

@Module({ providers: [{ provide: CUSTOMER_DESK, useValue: new FakeCustomerDesk(clock) }], exports: [CUSTOMER_DESK] })
class FakeComplaintsModule {}

@Module({ providers: [{ provide: SURVEY_DESK, useValue: new FakeSurveyDesk(false) }], exports: [SURVEY_DESK] })
class FakeSatisfactionModule {}

/** No code of conduct here offers dispute options: nothing is ever offered. */
@Module({ providers: [{ provide: DISPUTE_DESK, useValue: { optionsFor: async () => null, answer: async () => Promise.reject(new Error('nothing offered')) } }], exports: [DISPUTE_DESK] })
class FakeDisputesModule {}

@Module({ providers: [{ provide: EvidenceDesk, useValue: new FakeEvidence() }], exports: [EvidenceDesk] })
class FakeEvidenceModule {}

describe(DialogsModule.name, () => {
  it('provides a RedressBot built from the storage, desk, clock and channels it is given', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [FakeInfrastructureModule, DialogsModule] })
      .overrideModule(ComplaintsModule)
      .useModule(FakeComplaintsModule)
      .overrideModule(SatisfactionModule)
      .useModule(FakeSatisfactionModule)
      .overrideModule(DisputesModule)
      .useModule(FakeDisputesModule)
      .overrideModule(EvidenceModule)
      .useModule(FakeEvidenceModule)
      .compile();
    const bot = moduleRef.get<RedressBot>(BOT);
    expect(bot).toBeInstanceOf(RedressBot);
    await new TestConversation(bot).play([['hello', 'What would you like to do?']]);
    await moduleRef.close();
  });
});
