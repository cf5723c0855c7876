import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConversationTokens } from '../adapters/webchat/direct-line/conversation-tokens.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { SurveyRepository } from '../src/satisfaction/survey.repository.js';
import { closeByStaff, surveyConduct } from './support/closed-complaint.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient } from './support/web-chat.js';

const FILED = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\.[^]*Your secret code is ([0-9A-Z]{3}-[0-9A-Z]{3})\./;
const INVITATION = /is closed\. How happy are you with how we handled it\?/;
const HANDLING = /How happy are you with how we handled your complaint/;
const ANY_SURVEY_QUESTION = /how we handled|how happy are you with the outcome|How easy was it|Did we keep the dates|May we ask you a few short questions/i;

/** Says `text` and waits for a reply matching `expected` said after it, never one said before (prompts repeat here). */
async function answer(chat: DirectLineClient, text: string, expected: RegExp) {
  const id = await chat.say(text);
  while (!chat.seen.some((activity) => activity.id === id)) {
    if ((await chat.poll()).length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return chat.waitForBot(expected, id);
}

/** What the bot said in this conversation after the customer's message `after`. */
function saidAfter(chat: DirectLineClient, after: string): string[] {
  const start = chat.seen.findIndex((activity) => activity.id === after) + 1;
  return chat.seen.slice(start).filter((activity) => activity.from.role === 'bot').map((activity) => activity.text ?? '');
}

/**
 * A web chat customer who left the conversation they complained in, and comes back days later in a new one (a new tab,
 * another device, or the same tab once its token has lapsed), where only their reference and secret code say who they are.
 */
describe.each(dialects())('a web chat survey for the customer who comes back in a new conversation, on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect, { CODE_OF_CONDUCT_FILE: surveyConduct(`return-${dialect}`) });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** What the relay is sending is settled before the clock moves, and what falls due is sent. */
  const at = async (iso: string) => {
    const relay = server.app.get(OutboxRelay);
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };
  /** The customer opens the conversation they left again, as a tab that kept its token fresh would. */
  const reopen = (chat: DirectLineClient) => {
    const claims = JSON.parse(Buffer.from(chat.token.split('.')[1], 'base64url').toString('utf8')) as { user: string };
    chat.token = server.app.get(ConversationTokens).issue(chat.conversationId, claims.user, server.clock.now()).token;
  };
  const responses = async () => (await server.app.get(SurveyResponseRepository).list({ channel: 'webchat' }, { offset: 0, limit: 10 })).items;
  const surveyOf = async (reference: string) => (await server.app.get(SurveyRepository).ofCases([reference]))[0];

  /** A complaint made in web chat, updates in this chat, yes to the survey: the conversation, reference and secret code. */
  async function complainInChat(): Promise<{ chat: DirectLineClient; reference: string; code: string }> {
    const chat = await DirectLineClient.start(server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await answer(chat, 'Make a complaint', /Please tell me what happened/);
    await answer(chat, 'I was charged twice for one order.', /What is your complaint about\?/);
    await answer(chat, 'Billing', /When did it happen\?/);
    await answer(chat, 'yesterday', /What would put it right for you\?/);
    await answer(chat, 'A refund', /How should we keep you updated\?/);
    await answer(chat, 'In this chat', /Shall I send it\?/);
    await answer(chat, 'Send it', /May we ask you afterwards how we did\?/);
    await answer(chat, 'Yes', /If you have a photo or document that shows what happened, send it now/);
    await answer(chat, 'SKIP', /anything else I can help with\?/);
    const [, reference, code] = FILED.exec(chat.botTexts().join('\n')) ?? [];
    expect(reference).toBeDefined();
    expect(code).toBeDefined();
    return { chat, reference, code };
  }

  /** A new conversation that shows, with the reference and `proof`, that the complaint is theirs. */
  async function comeBack(reference: string, proof: string, expected: RegExp): Promise<{ chat: DirectLineClient; after: string }> {
    const chat = await DirectLineClient.start(server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await answer(chat, 'Check a complaint', /What is your complaint reference\?/);
    await answer(chat, reference, /the secret code that came with your reference/);
    const after = await chat.say(proof);
    await chat.waitForBot(expected, after);
    return { chat, after };
  }

  it('asks the survey in the new conversation once the customer is recognised, once; not again in the old one or a third; nothing to a stranger', async () => {
    server.clock.set('2026-03-02T10:00:00.000Z');
    const { chat: first, reference, code } = await complainInChat();
    // the customer leaves; staff close the case at noon, and the survey falls due two days later
    await closeByStaff(server, reference, '2026-03-02T12:00:00.000Z');
    await at('2026-03-04T12:30:00.000Z');
    expect(await surveyOf(reference)).toMatchObject({ status: 'sent', channel: 'webchat', conversation: `webchat:${first.conversationId}` });

    // someone else, in a new conversation, with the reference but not the code, and a bare score: nothing of the survey
    const stranger = await DirectLineClient.start(server.baseUrl);
    await stranger.waitForBot(/What would you like to do\?/);
    await answer(stranger, 'Check a complaint', /What is your complaint reference\?/);
    await answer(stranger, reference, /the secret code that came with your reference/);
    await answer(stranger, '123-456', /Tries left: 2\./);
    await answer(stranger, 'cancel', /anything else I can help with\?/);
    await answer(stranger, '5', /Please choose one of these/);
    expect(stranger.botTexts().join('\n')).not.toMatch(ANY_SURVEY_QUESTION);
    expect(stranger.botTexts().join('\n')).not.toContain('About your closed complaint');
    expect(await surveyOf(reference)).toMatchObject({ status: 'sent', conversation: `webchat:${first.conversationId}`, returnedAt: null });

    // the customer comes back in a new conversation, is told where the complaint is, then asked the survey
    await at('2026-03-04T15:00:00.000Z');
    const { chat: second, after } = await comeBack(reference, code, HANDLING);
    const told = saidAfter(second, after).join('\n');
    expect(told).toContain(reference);
    expect(told.indexOf(`About your closed complaint ${reference}:`)).toBeGreaterThan(-1);
    expect(told.indexOf(`About your closed complaint ${reference}:`)).toBeLessThan(told.search(HANDLING));
    await answer(second, '4', /And how happy are you with the outcome\?/);
    await answer(second, '5', /How easy was it/);
    await answer(second, '6', /Did we keep the dates we promised\?/);
    await answer(second, 'Yes', /anything else/);
    await answer(second, 'Quick refund, thank you.', /Thank you for your answers/);
    expect(await responses()).toMatchObject([
      { reference, channel: 'webchat', handling: 4, outcomeScore: 5, effort: 6, datesKept: 'yes', comment: 'Quick refund, thank you.' },
    ]);
    expect(await surveyOf(reference)).toMatchObject({ status: 'answered', conversation: null });

    // the first conversation got the survey once, and a score typed there now answers nothing
    reopen(first);
    await first.poll();
    expect(first.botTexts().filter((text) => INVITATION.test(text))).toHaveLength(1);
    const inFirst = await first.say('5');
    await first.waitForBot(/Please choose one of these/, inFirst);
    expect(saidAfter(first, inFirst).join('\n')).not.toMatch(ANY_SURVEY_QUESTION);

    // a third conversation, recognised the same way, is told where the complaint is and asked nothing more
    const { chat: third, after: inThird } = await comeBack(reference, code, /anything else I can help with\?/);
    expect(saidAfter(third, inThird).join('\n')).not.toMatch(ANY_SURVEY_QUESTION);
    expect(saidAfter(third, inThird).join('\n')).not.toContain('About your closed complaint');
    expect((await responses()).filter((response) => response.reference === reference)).toHaveLength(1);
  });

  it('asks a survey left unanswered in the new conversation nowhere else: no reminder in the old one, nothing in a third', async () => {
    server.clock.set('2026-04-06T10:00:00.000Z');
    const { chat: first, reference, code } = await complainInChat();
    await closeByStaff(server, reference, '2026-04-06T12:00:00.000Z');
    await at('2026-04-08T12:30:00.000Z');
    reopen(first);
    await first.waitForBot(INVITATION);
    const invitations = first.botTexts().length;

    // back in a new conversation, asked, and gone again without a word
    await at('2026-04-08T14:00:00.000Z');
    const { chat: second } = await comeBack(reference, code, HANDLING);
    expect(await surveyOf(reference)).toMatchObject({ status: 'sent', conversation: `webchat:${second.conversationId}` });

    // the reminder's day passes: nothing more in the first conversation
    await at('2026-04-09T13:00:00.000Z');
    await at('2026-04-10T13:00:00.000Z');
    reopen(first);
    await first.poll();
    expect(first.botTexts().slice(invitations)).toEqual([]);

    // a third conversation is told where the complaint is, and is not asked the survey again
    const { chat: third, after } = await comeBack(reference, code, /anything else I can help with\?/);
    expect(saidAfter(third, after).join('\n')).not.toMatch(ANY_SURVEY_QUESTION);

    // the one it was asked in still takes the answer, as a conversation does where a survey waits
    reopen(second);
    await answer(second, '3', /And how happy are you with the outcome\?/);
    await answer(second, 'cancel', /no more questions/);
    expect((await responses()).filter((response) => response.reference === reference)).toMatchObject([{ handling: 3, outcomeScore: null }]);
  });
});
