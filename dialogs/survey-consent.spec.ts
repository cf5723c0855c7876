import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { RedressBot } from './redress-bot.js';
import { TEST_CHANNELS } from './testing/channels.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { FakeSurveyDesk } from './testing/fake-survey-desk.js';
import { ASK, MENU, NOW, REVIEW, YES_NO } from './testing/fixtures.js';
import { OPENS_CHAT, TestConversation, type Turn } from './testing/test-conversation.js';

function setUp(offered: boolean) {
  const clock = { now: () => NOW };
  const desk = new FakeCustomerDesk(clock);
  const surveys = new FakeSurveyDesk(offered);
  const bot = new RedressBot(new MemoryStorage(), desk, clock, TEST_CHANNELS, surveys);
  return { desk, surveys, chat: new TestConversation(bot) };
}

const ASK_SURVEY = 'May we ask you afterwards how we did?';
const UPDATES_ONLY = 'We will only use this for this complaint: to update you, and to ask how we did if you agree to that. Is that OK?';

const TO_CONTACT: Turn[] = [
  [OPENS_CHAT, [ASK.menuFirst, MENU]],
  ['Make a complaint', ASK.describe],
  ['My parcel never came', ASK.category],
  ['Delivery', ASK.occurred],
  ['last Tuesday', ASK.remedy],
  ['A refund', ASK.contact],
];

describe('survey consent at intake', () => {
  it('asks separately, after filing, and records yes in the case', async () => {
    const { desk, surveys, chat } = setUp(true);
    await chat.play([
      ...TO_CONTACT,
      ['In this chat', [ASK.review, REVIEW]],
      ['Send it', ['Thank you. Your complaint is recorded.', ASK_SURVEY, YES_NO, { not: ASK.menuAgain }]],
      ['yes', ['We will ask you once your complaint is closed.', ASK.menuAgain]],
    ]);
    const [reference] = await desk.casesOf({ key: 'webchat:conversation-1', channel: 'webchat' });
    expect(surveys.consents).toEqual([{ reference, consent: true, askedAt: 'intake' }]);
  });

  it('records no, and asks once more when the answer is neither', async () => {
    const { surveys, chat } = setUp(true);
    await chat.play([
      ...TO_CONTACT,
      ['In this chat', ASK.review],
      ['Send it', ASK_SURVEY],
      ['maybe 1 day', ['Please answer yes or no.', YES_NO]],
      ['no', ['That is fine. We will not ask you.', ASK.menuAgain]],
    ]);
    expect(surveys.consents).toEqual([expect.objectContaining({ consent: false })]);
  });

  it('stops only the questions when the customer cancels at the survey question, as the complaint is already sent', async () => {
    const { desk, surveys, chat } = setUp(true);
    await chat.play([...TO_CONTACT, ['In this chat', ASK.review], ['Send it', ASK_SURVEY]]);
    const [reference] = await desk.casesOf({ key: 'webchat:conversation-1', channel: 'webchat' });
    await chat.play([
      ['cancel', [`All right, no more questions. Your complaint ${reference} is sent, and we will look into it.`, ASK.menuAgain, { not: 'Your complaint was not sent' }]],
    ]);
    expect(desk.filed).toHaveLength(1);
    expect(surveys.consents).toEqual([]);
  });

  it('takes "cancel my complaint" at the survey question as withdrawing the complaint just sent', async () => {
    const { desk, chat } = setUp(true);
    await chat.play([...TO_CONTACT, ['In this chat', ASK.review], ['Send it', ASK_SURVEY]]);
    const [reference] = await desk.casesOf({ key: 'webchat:conversation-1', channel: 'webchat' });
    await chat.play([
      ['please cancel my complaint', [`Do you want to withdraw complaint ${reference}? We will stop looking into it.`, { not: 'Your complaint was not sent' }]],
    ]);
  });

  it('says what a typed contact is used for, the survey included', async () => {
    const { chat } = setUp(true);
    await chat.play([...TO_CONTACT, ['An email address', ASK.email], ['sam@example.com', [UPDATES_ONLY, YES_NO]]]);
  });

  it('asks nothing about a survey where the organisation runs none', async () => {
    const { surveys, chat } = setUp(false);
    await chat.play([
      ...TO_CONTACT,
      ['An email address', ASK.email],
      ['sam@example.com', [ASK.consent, { not: UPDATES_ONLY }]],
      ['yes', ASK.review],
      ['Send it', [ASK.menuAgain, { not: ASK_SURVEY }]],
    ]);
    expect(surveys.consents).toEqual([]);
  });
});
