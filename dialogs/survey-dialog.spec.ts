import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { RedressBot } from './redress-bot.js';
import { SurveyDialog } from './survey-dialog.js';
import { TEST_CHANNELS } from './testing/channels.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { FakeSurveyDesk } from './testing/fake-survey-desk.js';
import { ASK, CATEGORIES, NOW } from './testing/fixtures.js';
import { OPENS_CHAT, TestConversation, type ConversationOptions } from './testing/test-conversation.js';

const REF = 'AB12-CD34';
const HANDLING = `How happy are you with how we handled your complaint ${REF}?`;
const OUTCOME = 'And how happy are you with the outcome?';
const EFFORT = 'How easy was it to have your complaint dealt with?';
const DATES = 'Did we keep the dates we promised?';
const ANYTHING = 'Is there anything else you would like to tell us?';
const THANKS = 'Thank you for your answers.';
const RETRY = 'Sorry, I did not understand that.';

function setUp(options: ConversationOptions = {}) {
  const clock = { now: () => NOW };
  const desk = new FakeCustomerDesk(clock);
  const surveys = new FakeSurveyDesk();
  const bot = new RedressBot(new MemoryStorage(), desk, clock, TEST_CHANNELS, surveys);
  const conversation = options.channel === 'sms' ? `sms:${options.id}` : `webchat:${options.id ?? 'conversation-1'}`;
  const survey = () => surveys.send(conversation, REF);
  return { surveys, survey, chat: new TestConversation(bot, options) };
}

describe(SurveyDialog.name, () => {
  it('on web chat: the reply to the survey message answers its first question, then four more with buttons; all kept', async () => {
    const { surveys, survey, chat } = setUp();
    const { id } = survey();
    await chat.play([
      ['4', [OUTCOME, '[1 | 2 | 3 | 4 | 5 | Skip]']],
      ['2', [EFFORT, '[1 | 2 | 3 | 4 | 5 | 6 | 7 | Skip]']],
      ['Skip', [DATES, '[Yes | No | Not sure | Skip]']],
      ['No', ANYTHING],
      ['The refund took weeks.', THANKS],
    ]);
    expect(surveys.answers).toEqual([
      { surveyId: id, answer: { question: 'handling', score: 4 } },
      { surveyId: id, answer: { question: 'outcome', score: 2 } },
      { surveyId: id, answer: { question: 'datesKept', value: 'no' } },
      { surveyId: id, answer: { question: 'comment', text: 'The refund took weeks.' } },
    ]);
    expect(surveys.finished).toEqual([id]);
  });

  it('by SMS: three questions at most, numbered answers in the text, no buttons', async () => {
    const { surveys, survey, chat } = setUp({ channel: 'sms', id: '+447911123456', locale: '' });
    const { id } = survey();
    await chat.play([
      ['5', [OUTCOME, 'Reply 1 (very unhappy) to 5 (very happy), or SKIP.', { not: '[' }]],
      ['3', [DATES, 'Reply 1 for yes, 2 for no, 3 for not sure, or SKIP.']],
      ['1', [THANKS, { not: EFFORT }, { not: ANYTHING }]],
    ]);
    expect(surveys.answers.map((a) => a.answer)).toEqual([
      { question: 'handling', score: 5 },
      { question: 'outcome', score: 3 },
      { question: 'datesKept', value: 'yes' },
    ]);
    expect(surveys.finished).toEqual([id]);
  });

  it('a number inside a sentence is no score: asked once more, then the question is left; partial answers kept', async () => {
    const { surveys, survey, chat } = setUp({ channel: 'sms', id: '+447911123456', locale: '' });
    survey();
    await chat.play([
      ['3', OUTCOME],
      ['I would give it 1 out of 5', [RETRY, OUTCOME]],
      ['meh, 2 maybe', [DATES, { not: RETRY }]],
      ['cancel', 'All right, no more questions. We have kept what you told us.'],
    ]);
    expect(surveys.answers.map((a) => a.answer)).toEqual([{ question: 'handling', score: 3 }]);
    expect(surveys.finished).toHaveLength(1);
  });

  it('in Spanish', async () => {
    const { surveys, survey, chat } = setUp({ channel: 'sms', id: '+34612345678', locale: 'es-ES' });
    survey();
    await chat.play([
      ['saltar', '¿Y cuánto le satisface el resultado?'],
      ['5', '¿Cumplimos las fechas que prometimos?'],
      ['no sé', 'Gracias por sus respuestas.'],
    ]);
    expect(surveys.answers.map((a) => a.answer)).toEqual([
      { question: 'outcome', score: 5 },
      { question: 'datesKept', value: 'not_sure' },
    ]);
  });

  it('a survey that arrives mid-complaint: a bare number is asked about, goes to the survey, and the complaint carries on', async () => {
    const { surveys, survey, chat } = setUp();
    await chat.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel never came', [ASK.category, CATEGORIES]],
    ]);
    const { id } = survey();
    await chat.play([
      ['4', `Is that your answer to how we did with complaint ${REF}?`],
      ['Yes, about how you did', OUTCOME],
      ['cancel', [ASK.category, { not: ASK.describe }]],
      ['Delivery', ASK.occurred],
    ]);
    expect(surveys.answers).toEqual([{ surveyId: id, answer: { question: 'handling', score: 4 } }]);
    expect(surveys.finished).toEqual([id]);
  });

  it('"carry on" keeps the complaint going, and the survey is asked when the complaint is done', async () => {
    const { surveys, survey, chat } = setUp();
    await chat.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel never came', ASK.category],
    ]);
    survey();
    await chat.play([
      ['2', 'Is that your answer to how we did'],
      ['No, carry on', ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['In this chat', ASK.review],
      ['Send it', 'May we ask you afterwards how we did?'],
      ['yes', [`About your closed complaint ${REF}:`, HANDLING, { not: ASK.menuAgain }]],
      ['5', OUTCOME],
    ]);
    expect(surveys.answers.map((a) => a.answer)).toEqual([{ question: 'handling', score: 5 }]);
  });

  it('a request in words while a survey waits is followed, and the survey is asked after', async () => {
    const { survey, chat } = setUp();
    survey();
    await chat.play([
      ['I want to make a complaint', ASK.describe],
      ['cancel', [`About your closed complaint ${REF}:`, HANDLING]],
    ]);
  });

  it('web chat: a customer back in a new conversation is asked, once they show the complaint is theirs, a survey sent to the old one; once', async () => {
    const clock = { now: () => NOW };
    const desk = new FakeCustomerDesk(clock);
    const surveys = new FakeSurveyDesk();
    const bot = new RedressBot(new MemoryStorage(), desk, clock, TEST_CHANNELS, surveys);
    const { reference } = desk.add({ originKey: 'webchat:old-conversation', contact: { kind: 'phone', value: '+447400123456' }, status: 'closed' });
    const { id } = surveys.send('webchat:old-conversation', reference);
    const handling = `How happy are you with how we handled your complaint ${reference}?`;

    // nothing before they show it: a bare score in a new conversation is no answer
    const back = new TestConversation(bot, { id: 'new-conversation' });
    await back.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['4', { not: OUTCOME }],
      ['Check a complaint', ASK.reference],
      [reference, ASK.proof],
      ['3456', [`Complaint ${reference}.`, `About your closed complaint ${reference}:`, handling, { not: ASK.menuAgain }]],
      ['4', OUTCOME],
    ]);
    expect(surveys.answers).toEqual([{ surveyId: id, answer: { question: 'handling', score: 4 } }]);
    expect(await surveys.waitingFor('webchat:old-conversation')).toBeNull();

    // a third conversation that shows it too is told where the complaint is, and not asked again
    const third = new TestConversation(bot, { id: 'third-conversation' });
    await third.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Check a complaint', ASK.reference],
      [reference, ASK.proof],
      ['3456', [`Complaint ${reference}.`, ASK.menuAgain, { not: handling }]],
    ]);
  });

  it('a customer never asked before: the survey message asked whether it may; yes goes on to the questions', async () => {
    const { surveys, chat } = setUp({ channel: 'sms', id: '+447911123456', locale: '' });
    const { id } = surveys.send('sms:+447911123456', REF, true);
    await chat.play([
      ['3', [RETRY, 'May we ask you a few short questions about how we did with complaint AB12-CD34? Reply YES or NO.']],
      ['yes', HANDLING],
      ['4', OUTCOME],
    ]);
    expect(surveys.closureConsents).toEqual([{ surveyId: id, consent: true }]);
    expect(surveys.answers.map((a) => a.answer)).toEqual([{ question: 'handling', score: 4 }]);
  });

  it('no to the question at closure ends it, and nothing more is asked', async () => {
    const { surveys, chat } = setUp();
    const { id } = surveys.send('webchat:conversation-1', REF, true);
    await chat.play([['No', ['That is fine. We will not ask you.', { not: HANDLING }]]]);
    expect(surveys.closureConsents).toEqual([{ surveyId: id, consent: false }]);
    await chat.play([['hello', [ASK.menuFirst, { not: 'May we ask' }]]]);
  });
});
