import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { TEXT_LIMITS } from '../src/complaints/domain/text-limits.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { smsJourneyCustomer, webChatJourneyCustomer } from './support/journey-customer.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, eventCallback, modalValue, slashCommand, viewSubmission } from './support/slack-requests.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

jest.setTimeout(180_000);

const OUR_NUMBER = '+447700900123';
const handler = { 'x-staff-id': PEOPLE.handler, 'x-staff-role': 'handler' };

/**
 * What staff write to a customer, whichever way they write it: the same limits in the staff API, Slack's forms and
 * `/complaint reply`, and Slack's markup turned into clean words on the customer's own channel.
 */
describe.each(dialects())('staff text to customers, from Slack and the API, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let app: SlackTestApp;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    app = await startSlackApp(dialect, { ...smsSettings(account, twilio.url, OUR_NUMBER), STAFF_FIRST_NAMES: `${PEOPLE.handler}=Priya` }, { realCustomerChannels: true });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await twilio?.stop();
  });

  /** Runs `/complaint text` as a Slack user and returns the private answer sent to the response URL. */
  const command = async (text: string, userId: string = PEOPLE.handler) => {
    const before = app.slack.of('response_url').length;
    const response = await app.send(slashCommand({ text, userId, responseUrl: app.slack.responseUrl() }), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    const answer = app.slack.of('response_url')[before];
    expect(answer).toBeDefined();
    return answer.args as { response_type: string; text: string; blocks: { type: string; text?: { type: string; text: string } }[] };
  };

  const openReply = async (reference: string, cardTs: string) => {
    const before = app.slack.of('views.open').length;
    await app.send(
      blockAction({ actionId: 'case:reply', value: reference, userId: PEOPLE.handler, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );
    return app.slack.of('views.open')[before].args.view as Record<string, any>;
  };

  const staffReplies = async (reference: string) => (await app.outbox(reference)).filter((m) => m.kind === 'staff_reply');

  it('takes at most 1600 characters for a reply in the API, the reply form and /complaint reply, and gives back a refused reply whole', async () => {
    const { reference, cardTs } = await app.file();
    const tooLong = `${'Our courier & the depot say <no>. '.repeat(48)}`.trim() + ' End of my reply.';
    expect(tooLong.length).toBeGreaterThan(TEXT_LIMITS.reply);

    const api = await app.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: tooLong }, headers: handler });
    expect(api.status).toBe(400);
    expect(api.text).toContain('must be at most 1600 characters');

    const view = await openReply(reference, cardTs);
    const input = view.blocks.find((block: { block_id?: string }) => block.block_id === 'text');
    expect(input.element).toMatchObject({ type: 'plain_text_input', max_length: 1600 });
    const submitted = await app.send(viewSubmission({ view, userId: PEOPLE.handler, values: { text: modalValue.text(tooLong) } }), 'application/x-www-form-urlencoded');
    expect(submitted.body).toEqual({ response_action: 'errors', errors: { text: 'Please keep this to 1600 characters or fewer.' } });

    // Slack sends a slash command's text with &, < and > as entities
    const typed = tooLong.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const answer = await command(`reply ${reference} ${typed}`);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.blocks[0].text?.text).toContain(`it has ${tooLong.length} characters, and a message to a customer can have at most 1600`);
    const echoed = answer.blocks.slice(1);
    expect(echoed.every((block) => block.text?.type === 'plain_text' && block.text.text.length <= 3000)).toBe(true);
    expect(echoed.map((block) => block.text?.text).join('')).toBe(tooLong);

    expect(await staffReplies(reference)).toEqual([]);
    expect((await app.history(reference)).filter((event) => event.type === 'message.sent_to_customer')).toEqual([]);
  });

  it('keeps limits the same in every form: each text input has the API’s limit', async () => {
    const { reference, cardTs } = await app.file();
    const press = (action: string) =>
      app.send(
        blockAction({ actionId: `case:${action}`, value: reference, userId: PEOPLE.handler, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
        'application/x-www-form-urlencoded',
      );
    const before = app.slack.of('views.open').length;
    await press('assign_self');
    await press('assess');
    const act = (body: Record<string, unknown>) => app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: handler });
    expect((await act({ action: 'assess', assessment: { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false } })).status).toBe(200);
    expect((await act({ action: 'start_investigation' })).status).toBe(200);
    await press('request_information');
    await press('propose_response');
    const limits = Object.fromEntries(
      app.slack
        .of('views.open')
        .slice(before)
        .flatMap((call) => call.args.view.blocks as { block_id?: string; element?: { type: string; max_length?: number } }[])
        .filter((block) => block.element?.type === 'plain_text_input')
        .map((block) => [block.block_id, block.element?.max_length]),
    );
    expect(limits).toEqual({
      summary: TEXT_LIMITS.assessmentSummary,
      question: TEXT_LIMITS.question,
      outcome: TEXT_LIMITS.outcome,
      explanation: TEXT_LIMITS.explanation,
    });
    expect([TEXT_LIMITS.question, TEXT_LIMITS.outcome, TEXT_LIMITS.explanation]).toEqual([1000, 500, 5000]);
  });

  it('keeps no note over 5000 characters from the thread, and tells its writer privately', async () => {
    const { reference, cardTs } = await app.file();
    const note = 'n'.repeat(TEXT_LIMITS.note + 1);
    const event = { type: 'message', channel: CASES_CHANNEL, channel_type: 'channel', user: PEOPLE.handler, text: note, ts: '1772445700.000100', thread_ts: cardTs };
    expect((await app.send(eventCallback(event, 'Ev0LONGNOTE1'), 'application/json')).status).toBe(200);
    // the event is answered before it is processed, so the private answer comes a moment after
    const told = await eventually(async () => {
      const found = app.slack.of('chat.postEphemeral').find((call) => call.args.user === PEOPLE.handler && String(call.args.text).includes('not kept as a note'));
      if (!found) throw new Error('no private answer yet');
      return found;
    });
    expect(told.args.text).toContain(`That is ${TEXT_LIMITS.note + 1} characters, and Redress takes at most 5000 for a note.`);
    expect((await app.history(reference)).filter((e) => e.type === 'note.added')).toEqual([]);
  });

  it('turns Slack markup into clean words on SMS: bold, links, mentions and entities', async () => {
    const sam = smsJourneyCustomer(app.server, twilio, account, '+447911000051', OUR_NUMBER);
    const { reference } = await app.file(sam.filing);
    const typed = '*Sorry* for the wait &amp; thanks. See <https://example.com/refunds|our refunds page>; <@U0HANDLER1> will call you. <!here>';
    const answer = await command(`reply ${reference} ${typed}`);
    expect(answer.text).toContain('is on its way to the customer by SMS');
    const clean = 'Sorry for the wait & thanks. See our refunds page (https://example.com/refunds); Priya will call you.';
    await sam.told(clean);
    const texts = (await sam.everything()).join('\n');
    expect(texts).not.toMatch(/[*<>]|&amp;|U0HANDLER1/);
    // the case history records what the customer was sent
    expect((await app.history(reference)).find((e) => e.type === 'message.sent_to_customer')?.data.text).toBe(clean);
  });

  it('turns Slack markup into clean words on web chat, from the reply form', async () => {
    const alex = await webChatJourneyCustomer(app.server);
    const { reference, cardTs } = await app.file(alex.filing);
    const view = await openReply(reference, cardTs);
    const typed = 'Hello, _we have checked_ with the courier: *a refund* of £24.99 is on its way. Details: https://example.com/r?a=1&b=2';
    const submitted = await app.send(viewSubmission({ view, userId: PEOPLE.handler, values: { text: modalValue.text(typed) } }), 'application/x-www-form-urlencoded');
    expect(submitted.status).toBe(200);
    await alex.told('Hello, we have checked with the courier: a refund of £24.99 is on its way. Details: https://example.com/r?a=1&b=2');
    expect((await alex.everything()).join('\n')).not.toContain('*a refund*');
    // a form holds exactly what was typed: web chat shows it as plain text, markup characters and all
    const activities = await app.server.request('GET', '/api/complaints/' + reference + '/history');
    expect(activities.body.events.find((e: { type: string }) => e.type === 'message.sent_to_customer').data.text).toBe(
      'Hello, we have checked with the courier: a refund of £24.99 is on its way. Details: https://example.com/r?a=1&b=2',
    );
  });
});
