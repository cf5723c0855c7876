import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, modalValue, viewSubmission } from './support/slack-requests.js';
import { SmsCustomer } from './support/sms-customer.js';
import { postAsTwilio, smsSettings, statusCallbackFields, testTwilioAccount } from './support/twilio-webhooks.js';

jest.setTimeout(240_000);

const OUR_NUMBER = '+447700900123';
const NUMBER = '+447911400001';
const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };

function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-thread-lifecycle-${process.pid}-${dialect}.yaml`);
  writeFileSync(file, ['profile: default', 'satisfactionSurvey:', '  delay: PT1H', ''].join('\n'));
  return file;
}

/**
 * A whole complaint, with a real customer texting through Twilio and staff working the card in Slack: afterwards the
 * card's thread holds the conversation, each step once and in the order it happened, marked by who and which channel.
 */
describe.each(dialects())('the card’s thread holds the whole conversation, on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let app: SlackTestApp;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    app = await startSlackApp(dialect, { ...smsSettings(account, twilio.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: surveyConduct(dialect) }, { realCustomerChannels: true });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await twilio?.stop();
  });

  const relay = () => app.server.app.get(OutboxRelay);
  const press = (action: string, reference: string, cardTs: string, userId: string) =>
    app.send(
      blockAction({ actionId: `case:${action}`, value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );
  const submit = async (action: string, reference: string, cardTs: string, userId: string, values: Record<string, Record<string, unknown>>) => {
    const before = app.slack.of('views.open').length;
    expect((await press(action, reference, cardTs, userId)).status).toBe(200);
    const view = app.slack.of('views.open')[before]?.args.view;
    if (!view) throw new Error(`No ${action} form opened: ${JSON.stringify(app.slack.of('chat.postEphemeral').map((c) => c.args.text))}`);
    const answer = await app.send(viewSubmission({ view, userId, values }), 'application/x-www-form-urlencoded');
    expect(answer.body ?? {}).toEqual({});
  };
  const api = async (reference: string, body: Record<string, unknown>) => {
    const response = await app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' } });
    expect(response.status).toBe(200);
  };
  /** The texts of what was posted in the thread, oldest first. */
  const thread = (cardTs: string) => app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs && c.ts).map((c) => String(c.args.text));
  /** Waits until the relay has posted `words` in the thread. */
  const posted = (cardTs: string, words: string) =>
    eventually(async () => {
      await relay().drain();
      if (!thread(cardTs).some((text) => text.includes(words))) throw new Error(`The thread never got "${words}"; it has:\n${thread(cardTs).join('\n')}`);
    });

  it('intake, acknowledgement, a question and its answer, a proposal and YES, a person asked for, closure, a reopening, a failed text, closure again and the survey', async () => {
    app.server.clock.set('2026-03-02T10:00:00.000Z');
    const sam = new SmsCustomer(app.server, twilio, account, NUMBER, OUR_NUMBER);
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');

    // intake by text, agreeing to the survey
    for (const body of ['Make a complaint', 'I was charged twice for order 5521 & nobody <answers>.', 'Billing', 'last Tuesday', 'A refund', 'By text to this number']) await said(body);
    const sent = await said('Send it');
    const reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(sent)![1];
    await said('Yes');
    const cardTs = await eventually(async () => {
      await relay().drain();
      const card = app.slack.of('chat.postMessage').find((c) => !c.args.thread_ts && String(c.args.text).includes(reference));
      if (!card?.ts) throw new Error('no card yet');
      return card.ts;
    });
    await posted(cardTs, 'Complaint made by the customer by SMS');
    const status = (await app.server.request('GET', `/api/complaints/${reference}`)).body.status as string;
    if (status === 'received') expect((await press('acknowledge', reference, cardTs, PEOPLE.handler)).status).toBe(200);
    await posted(cardTs, 'Acknowledged by');

    // staff take it, assess it, and ask the customer a question from the card
    expect((await press('assign_self', reference, cardTs, PEOPLE.handler)).status).toBe(200);
    await api(reference, { action: 'assess', assessment: ASSESSMENT });
    await api(reference, { action: 'start_investigation' });
    await submit('request_information', reference, cardTs, PEOPLE.handler, { question: modalValue.text('Which card did you pay with?') });
    await eventually(async () => expect(twilio.sentTo(NUMBER).map((s) => s.body).join('\n')).toContain('Which card did you pay with?'));
    await said('My debit card ending 4242');
    await posted(cardTs, 'The customer answered the question by SMS');

    // a proposal from the card, and the customer's YES
    await submit('propose_response', reference, cardTs, PEOPLE.handler, {
      outcome: modalValue.text('A refund of the second charge'),
      explanation: modalValue.text('We found the duplicate payment.'),
    });
    await eventually(async () => expect(twilio.sentTo(NUMBER).map((s) => s.body).join('\n')).toContain('A refund of the second charge'));
    await said('YES');
    await posted(cardTs, 'The customer accepted the resolution (YES) by SMS');

    // the customer asks for a person; staff answer with Reply to customer, in Slack's markup
    // proving the case is theirs first, so that the person is asked about it
    await said('Hello');
    await said('2');
    expect(await said(reference)).toContain(`Complaint ${reference}.`);
    expect(await said('talk to a person')).toContain(`A person will contact you about complaint ${reference}.`);
    await posted(cardTs, 'The customer asks to talk to a person');
    await submit('reply', reference, cardTs, PEOPLE.handler, { text: modalValue.text('*Thanks*, the refund goes out today.') });
    await eventually(async () => expect(twilio.sentTo(NUMBER).map((s) => s.body).join('\n')).toContain('Thanks, the refund goes out today.'));
    await api(reference, { action: 'close', outcome: 'Refunded the second charge' });
    await posted(cardTs, 'Closed by');

    // the customer reopens it by text
    const reopening = await said('reopen my complaint');
    expect(reopening).toContain(`Why would you like us to reopen complaint ${reference}?`);
    await said('The refund never arrived');
    await posted(cardTs, `The customer reopened ${reference}`);
    // Twilio reports late that the staff reply never reached the phone
    const lastText = twilio.sentTo(NUMBER).find((sms) => sms.body.includes('Thanks, the refund goes out today.'))!;
    const report = async (status: string, errorCode?: string) => {
      const fields = statusCallbackFields(account, { messageSid: lastText.sid, status, to: NUMBER, from: OUR_NUMBER, errorCode });
      expect((await postAsTwilio(app.server.baseUrl, '/webhooks/twilio/status', fields, account)).status).toBe(204);
    };
    await report('undelivered', '30003');
    await posted(cardTs, 'Not delivered to the customer');

    // a second resolution, accepted on the phone and recorded by staff; closed again, and the survey an hour later
    await api(reference, { action: 'propose_response', outcome: 'The refund sent again', explanation: 'The first refund bounced.' });
    await api(reference, { action: 'accept_response' });
    await api(reference, { action: 'close', outcome: 'Refund sent again' });
    await relay().drain();
    app.server.clock.set('2026-03-02T11:30:00.000Z');
    await eventually(async () => {
      await relay().drain();
      expect(twilio.sentTo(NUMBER).map((s) => s.body).join('\n')).toContain('How happy are you with how we handled it?');
    });
    await said('4');
    await said('5');
    await said('1');
    await posted(cardTs, `Survey answered on ${reference}`);
    await relay().drain();

    const steps = [
      'Complaint made by the customer by SMS',
      'Acknowledged by',
      'Assessed by <@U0SUPER01>; the customer is told by SMS',
      'Question to the customer by SMS, from <@U0HANDLER1>',
      'The customer answered the question by SMS',
      'Resolution proposed to the customer by SMS, from <@U0HANDLER1>',
      'The customer accepted the resolution (YES) by SMS',
      'The customer asks to talk to a person',
      `Sent to the customer (${reference}): Thanks, the refund goes out today.`,
      'Closed by <@U0SUPER01>',
      `The customer reopened ${reference}`,
      'Not delivered to the customer',
      'Resolution proposed to the customer by SMS, from <@U0SUPER01>',
      'The customer accepted the resolution, recorded by <@U0SUPER01>',
      'Closed by <@U0SUPER01>',
      `Survey answered on ${reference}`,
    ];
    const texts = thread(cardTs);
    const at: number[] = [];
    for (const step of steps) {
      const from = (at.at(-1) ?? -1) + 1;
      const index = texts.findIndex((text, i) => i >= from && text.includes(step));
      if (index === -1) throw new Error(`"${step}" is not in the thread after its earlier steps; the thread:\n${texts.join('\n')}`);
      at.push(index);
    }
    // each once (the case was closed twice)
    for (const step of new Set(steps)) {
      expect([step, texts.filter((text) => text.includes(step)).length]).toEqual([step, steps.filter((s) => s === step).length]);
    }
    // and nothing else
    expect(texts.filter((text) => !steps.some((step) => text.includes(step)))).toEqual([]);

    // the customer's words, whole and escaped: nothing in them became a mention or a link
    const blocks = app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs).map((c) => JSON.stringify(c.args.blocks)).join('\n');
    expect(blocks).toContain('I was charged twice for order 5521 &amp; nobody &lt;answers&gt;.');
    expect(blocks).toContain('My debit card ending 4242');
    expect(blocks).toContain('The refund never arrived');
    expect(blocks).not.toContain('7911 400001');
  });

  it('posts a long answer whole, in sections within Slack’s limits, and once although Slack’s answer to the post was lost', async () => {
    app.server.clock.set('2026-03-09T10:00:00.000Z');
    const { reference, cardTs } = await app.file({ contact: { kind: 'phone', value: '+44 7911 123457' } });
    for (const step of [{ action: 'acknowledge' }, { action: 'assess', assessment: ASSESSMENT }, { action: 'start_investigation' }, { action: 'request_information', question: 'What happened exactly?' }]) {
      await api(reference, step);
    }
    await relay().drain();
    // a full answer of 5,000 characters, taken down by staff; escaped for Slack it is longer still
    const answer = `It started on Monday & went on <all week>. ${'Nobody answered my calls or emails. '.repeat(140)}`.slice(0, 5000).trim();
    app.slack.loseNextAnswer('chat.postMessage');
    await api(reference, { action: 'receive_information', message: answer });
    await relay().drain();
    app.server.clock.set('2026-03-09T10:30:00.000Z');
    await posted(cardTs, 'The customer’s answer, recorded by <@U0SUPER01>');

    const posts = app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs && String(c.args.text).includes('The customer’s answer, recorded'));
    // the first post reached Slack though its answer was lost: the retry found it in the thread and posted nothing again
    expect(posts.filter((c) => c.ts)).toHaveLength(1);
    const sections = (posts[0].args.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').slice(1);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
    const shown = sections.map((b) => (b.text?.text ?? '').replace(/^>/gm, '')).join('');
    expect(shown).toBe(answer.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
  });
});
