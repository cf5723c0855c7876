import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { closeByStaff, surveyConduct } from './support/closed-complaint.js';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

const OUR_NUMBER = '+447700900123';
const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})/;

/** Says `text` and waits for a reply matching `expected` said after it, never one said before (prompts repeat here). */
async function answer(chat: DirectLineClient, text: string, expected: RegExp) {
  const id = await chat.say(text);
  while (!chat.seen.some((activity) => activity.id === id)) {
    if ((await chat.poll()).length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return chat.waitForBot(expected, id);
}

/** A survey that arrives while the customer is making a new complaint: both end with everything the customer typed. */
describe.each(dialects())('a survey interleaved with a new complaint, on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: surveyConduct(`interleaved-${dialect}`) });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const at = async (iso: string) => {
    const relay = server.app.get(OutboxRelay);
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };
  /** The chat stays open meanwhile: Web Chat refreshes its token well before it expires. */
  const keepOpen = async (chat: DirectLineClient, from: string, until: string) => {
    for (let t = new Date(from).getTime(); t <= new Date(until).getTime(); t += 10 * 60_000) {
      server.clock.set(new Date(t).toISOString());
      const refreshed = await chat.call('POST', '/tokens/refresh');
      if (refreshed.status !== 200) throw new Error(`refresh answered ${refreshed.status}`);
      chat.token = refreshed.body.token;
    }
  };
  const responses = async (channel: string) => (await server.app.get(SurveyResponseRepository).list({ channel }, { offset: 0, limit: 10 })).items;

  it('by SMS: the complaint under way takes its answers and is filed whole, then the survey is asked and answered', async () => {
    server.clock.set('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(server, fake, account, '+447911300101', OUR_NUMBER);
    for (const body of ['Make a complaint', 'I was charged twice', 'Billing', 'last Tuesday', 'A refund', 'By text to this number']) await sam.text(body);
    const closed = REFERENCE.exec((await sam.text('Send it')).replies.join('\n'))![1];
    await sam.text('Yes');
    await closeByStaff(server, closed, '2026-03-02T12:00:00.000Z');
    await at('2026-03-02T12:00:00.000Z');

    server.clock.set('2026-03-04T11:50:00.000Z');
    sam.newTexts();
    await sam.text('Make a complaint');
    expect((await sam.text('My parcel never came and the driver was rude')).replies.join('\n')).toContain('What is your complaint about?');
    await at('2026-03-04T12:00:00.000Z');
    expect(sam.newTexts().join('\n')).toContain(`Your complaint ${closed} is closed. How happy are you with how we handled it?`);

    expect((await sam.text('Delivery')).replies.join('\n')).toContain('When did it happen?');
    expect((await sam.text('yesterday')).replies.join('\n')).toContain('What would put it right for you?');
    expect((await sam.text('A refund')).replies.join('\n')).toContain('How should we keep you updated?');
    const review = (await sam.text('By text to this number')).replies.join('\n');
    expect(review).toContain('What happened: My parcel never came and the driver was rude\nAbout: Delivery\nWhen: 3 March 2026\nTo put it right: A refund');
    const sent = (await sam.text('Send it')).replies.join('\n');
    const fresh = REFERENCE.exec(sent)![1];
    expect(fresh).not.toBe(closed);
    expect(sent).toContain('May we ask you afterwards how we did?');
    const declined = (await sam.text('No')).replies.join('\n');
    expect(declined).toContain(`About your closed complaint ${closed}:\nHow happy are you with how we handled your complaint ${closed}?`);
    expect((await sam.text('4')).replies.join('\n')).toContain('And how happy are you with the outcome?');
    expect((await sam.text('5')).replies.join('\n')).toContain('Did we keep the dates we promised?');
    expect((await sam.text('1')).replies.join('\n')).toContain('Thank you for your answers.');

    const complaint = (await server.request('GET', `/api/complaints/${fresh}`)).body;
    expect(complaint).toMatchObject({ description: 'My parcel never came and the driver was rude', category: 'delivery' });
    expect(await responses('sms')).toMatchObject([{ reference: closed, handling: 4, outcomeScore: 5, datesKept: 'yes' }]);
  }, 300_000);

  it('on web chat: the same, in the open conversation', async () => {
    server.clock.set('2026-04-06T10:00:00.000Z');
    const chat = await DirectLineClient.start(server.baseUrl);
    await answer(chat, 'Make a complaint', /Please tell me what happened/);
    await answer(chat, 'I was charged twice', /What is your complaint about\?/);
    await answer(chat, 'Billing', /When did it happen\?/);
    await answer(chat, 'last Tuesday', /What would put it right for you\?/);
    await answer(chat, 'A refund', /How should we keep you updated\?/);
    await answer(chat, 'In this chat', /Shall I send it\?/);
    await answer(chat, 'Send it', /May we ask you afterwards how we did\?/);
    const closed = REFERENCE.exec(chat.botTexts().join('\n'))![1];
    await answer(chat, 'Yes', /./);
    await keepOpen(chat, '2026-04-06T10:00:00.000Z', '2026-04-06T12:00:00.000Z');
    await closeByStaff(server, closed, '2026-04-06T12:00:00.000Z');
    await keepOpen(chat, '2026-04-06T12:00:00.000Z', '2026-04-08T11:50:00.000Z');
    await at('2026-04-08T11:50:00.000Z');

    await answer(chat, 'Make a complaint', /Please tell me what happened/);
    await answer(chat, 'The courier left my parcel in the rain', /What is your complaint about\?/);
    await at('2026-04-08T12:00:00.000Z');
    await chat.waitForBot(new RegExp(`Your complaint ${closed} is closed\\. How happy are you with how we handled it\\?`));
    await answer(chat, 'Delivery', /When did it happen\?/);
    await answer(chat, 'yesterday', /What would put it right for you\?/);
    await answer(chat, 'A new parcel', /How should we keep you updated\?/);
    await answer(chat, 'In this chat', /Shall I send it\?/);
    const sent = await answer(chat, 'Send it', /Your reference is/);
    const fresh = REFERENCE.exec(sent.text ?? '')![1];
    expect(fresh).not.toBe(closed);
    await chat.waitForBot(/May we ask you afterwards how we did\?/, sent.id);
    await answer(chat, 'No', /If you have a photo or document that shows what happened, send it now/);
    await answer(chat, 'SKIP', new RegExp(`How happy are you with how we handled your complaint ${closed}\\?`));
    await answer(chat, '2', /And how happy are you with the outcome\?/);
    await answer(chat, '3', /How easy was it/);
    await answer(chat, '6', /Did we keep the dates we promised\?/);
    await answer(chat, 'Yes', /anything else/);
    await answer(chat, 'The parcel was soaked again.', /Thank you for your answers/);

    const complaint = (await server.request('GET', `/api/complaints/${fresh}`)).body;
    expect(complaint).toMatchObject({ description: 'The courier left my parcel in the rain', category: 'delivery' });
    expect(await responses('webchat')).toMatchObject([
      { reference: closed, handling: 2, outcomeScore: 3, effort: 6, datesKept: 'yes', comment: 'The parcel was soaked again.' },
    ]);
  }, 300_000);

  it('by SMS: a bare number while a complaint and a survey both wait is asked about, answers the survey, and the complaint carries on', async () => {
    server.clock.set('2026-05-04T10:00:00.000Z');
    const kim = new SmsCustomer(server, fake, account, '+447911300102', OUR_NUMBER);
    for (const body of ['Make a complaint', 'I was charged twice', 'Billing', 'last Tuesday', 'A refund', 'By text to this number']) await kim.text(body);
    const closed = REFERENCE.exec((await kim.text('Send it')).replies.join('\n'))![1];
    await kim.text('Yes');
    await closeByStaff(server, closed, '2026-05-04T12:00:00.000Z');
    await at('2026-05-04T12:00:00.000Z');

    server.clock.set('2026-05-06T11:50:00.000Z');
    kim.newTexts();
    await kim.text('Make a complaint');
    expect((await kim.text('My parcel never came')).replies.join('\n')).toContain('Reply 1 for Delivery, 2 for Billing');
    await at('2026-05-06T12:00:00.000Z');
    expect(kim.newTexts().join('\n')).toContain(`Your complaint ${closed} is closed. How happy are you with how we handled it?`);

    // "4" is Product for the complaint and a score for the survey: the customer is asked which they meant
    expect((await kim.text('4')).replies.join('\n')).toContain(`Is that your answer to how we did with complaint ${closed}?`);
    expect((await kim.text('1')).replies.join('\n')).toContain('And how happy are you with the outcome?');
    expect((await kim.text('5')).replies.join('\n')).toContain('Did we keep the dates we promised?');
    const back = (await kim.text('1')).replies.join('\n');
    expect(back).toContain('Thank you for your answers.');
    expect(back).toContain('What is your complaint about?');
    expect((await kim.text('Delivery')).replies.join('\n')).toContain('When did it happen?');
    await kim.text('yesterday');
    await kim.text('A refund');
    expect((await kim.text('By text to this number')).replies.join('\n')).toContain('What happened: My parcel never came\nAbout: Delivery');
    const fresh = REFERENCE.exec((await kim.text('Send it')).replies.join('\n'))![1];

    expect((await server.request('GET', `/api/complaints/${fresh}`)).body).toMatchObject({ description: 'My parcel never came', category: 'delivery' });
    const stored = (await responses('sms')).find((response) => response.reference === closed);
    expect(stored).toMatchObject({ handling: 4, outcomeScore: 5, datesKept: 'yes' });
  }, 300_000);
});
