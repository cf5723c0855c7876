import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ComplaintsService } from '../src/complaints/complaints.service.js';
import { dialects } from './support/databases.js';
import { FAKE_BOT, type SlackCall } from './support/fake-slack.js';
import { CASES_CHANNEL, CUSTOMER_CHANNELS, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { eventCallback } from './support/slack-requests.js';

const ASSESSMENT = { severity: 'medium', impact: 'high', complexity: 'low', urgency: 'high', healthOrSafety: false };

/** The buttons on a posted or updated card, by label. */
function buttons(call: SlackCall): string[] {
  const actions = call.args.blocks.find((b: { type: string }) => b.type === 'actions');
  return actions ? actions.elements.map((e: { text: { text: string } }) => e.text.text) : [];
}

function cardText(call: SlackCall): string {
  return JSON.stringify(call.args.blocks);
}

describe.each(dialects())('case cards in Slack on %s', (dialect) => {
  let app: SlackTestApp;
  let eventSeq = 0;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const threadMessage = (cardTs: string, user: string, text: string, extra: Record<string, unknown> = {}) =>
    app.send(
      eventCallback({ type: 'message', channel: CASES_CHANNEL, user, text, ts: `1772445800.${String(++eventSeq).padStart(6, '0')}`, thread_ts: cardTs, channel_type: 'channel', ...extra }, `Ev-card-${dialect}-${eventSeq}`),
      'application/json',
    );

  it('posts a card for a new complaint: masked contact, promises in words, and the buttons its stage allows', async () => {
    const { reference } = await app.file();
    const [card] = app.slack.of('chat.postMessage');
    expect(card.token).toBe('xoxb-test-bot-token');
    expect(card.args.channel).toBe(CASES_CHANNEL);
    expect(card.args.text).toBe(`Complaint ${reference} · Delivery · Received, not yet acknowledged`);
    const shown = cardText(card);
    expect(shown).toContain(`Complaint ${reference}`);
    expect(shown).toContain('Received, not yet acknowledged');
    expect(shown).toContain('*Category*\\nDelivery');
    expect(shown).toContain('*Priority*\\nNot assessed yet');
    expect(shown).toContain('*Channel*\\nSMS');
    expect(shown).toContain('+44 •••• ••• 456');
    expect(shown).toContain('Final response by Monday 30 March 2026 at 17:00 BST: on track');
    expect(shown).toContain('marked delivered but never arrived');
    // The number is masked in the summary too, and never appears anywhere on the card.
    expect(shown).not.toMatch(/7911\s?123456/);
    expect(buttons(card)).toEqual(['Acknowledge', 'Assign to me', 'Withdraw', 'Reply to customer', 'Details']);
    expect(shown).toContain('Only a supervisor may take these steps now: *Assign to…*.');
  });

  it('updates the card in place after every change made through the staff API', async () => {
    const { reference, cardTs } = await app.file();
    app.slack.clear();
    const act = (body: Record<string, unknown>) =>
      app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': PEOPLE.handler, 'x-staff-role': 'handler' } });

    expect((await act({ action: 'acknowledge' })).status).toBe(200);
    await app.deliver();
    const [acknowledged] = app.slack.of('chat.update');
    expect(acknowledged.args).toMatchObject({ channel: CASES_CHANNEL, ts: cardTs });
    expect(cardText(acknowledged)).toContain('Acknowledged, waiting for assessment');
    expect(cardText(acknowledged)).toContain('Acknowledgement by');
    expect(buttons(acknowledged)).toEqual(['Assign to me', 'Assess', 'Withdraw', 'Reply to customer', 'Details']);

    await act({ action: 'assign', assigneeId: PEOPLE.handler });
    await act({ action: 'assess', assessment: ASSESSMENT });
    await act({ action: 'start_investigation' });
    await app.deliver();
    const latest = app.slack.of('chat.update').at(-1)!;
    expect(latest.args.ts).toBe(cardTs);
    expect(cardText(latest)).toContain('Under investigation');
    expect(cardText(latest)).toContain(`<@${PEOPLE.handler}>`);
    expect(cardText(latest)).toContain('High (severity medium, impact high, urgency high)');
    expect(buttons(latest)).toEqual(['Reassess', 'Ask the customer', 'Propose a resolution', 'Withdraw', 'Reply to customer', 'Details']);
    // Only one card per complaint, ever.
    expect(app.slack.of('chat.postMessage').filter((c) => !c.args.thread_ts)).toEqual([]);
  });

  it('never lets an update that waited in the outbox put an older stage back on the card', async () => {
    const { reference } = await app.file();
    app.slack.clear();
    const headers = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };
    await app.server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'acknowledge' }, headers });
    await app.server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'assess', assessment: ASSESSMENT }, headers });
    await app.deliver();
    const updates = app.slack.of('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(cardText(update)).toContain('Assessed, investigation not started');
  });

  it('mirrors the customer’s messages and staff replies into the card’s thread, each marked', async () => {
    const { reference, cardTs } = await app.file();
    app.slack.clear();
    await app.server.app.get(ComplaintsService).recordCustomerMessage(reference, 'Any news? My email is sam.patel@example.com', 'sms');
    await app.server.request('POST', `/api/complaints/${reference}/replies`, {
      body: { text: 'We are chasing the courier today.' },
      headers: { 'x-staff-id': PEOPLE.handler, 'x-staff-role': 'handler' },
    });
    await app.deliver();
    const thread = app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs);
    expect(thread).toHaveLength(2);
    const [fromCustomer, toCustomer] = thread.map(cardText);
    expect(fromCustomer).toContain('*From the customer* by SMS');
    expect(fromCustomer).toContain('Any news? My email is s•••@e•••.com');
    expect(fromCustomer).not.toContain('sam.patel@example.com');
    expect(toCustomer).toContain(`*Sent to the customer* by SMS, from <@${PEOPLE.handler}>`);
    expect(toCustomer).toContain('We are chasing the courier today.');
  });

  it('keeps what staff write in the thread as internal notes that never reach the customer', async () => {
    const { reference, cardTs } = await app.file();
    const inThread = () => app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs);
    const posted = inThread().length;
    // Slack sends &, < and > as entities; the history keeps what was typed.
    await threadMessage(cardTs, PEOPLE.handler, 'Courier is useless &amp; slow, reply: we will refund &lt;soon&gt;');
    await app.deliver();

    const history = await app.history(reference);
    expect(history.filter((e) => e.type === 'note.added')).toEqual([
      expect.objectContaining({ actor: `staff:${PEOPLE.handler}`, data: { text: 'Courier is useless & slow, reply: we will refund <soon>', source: expect.stringMatching(new RegExp(`^slack:${CASES_CHANNEL}/`)) } }),
    ]);
    expect(history.some((e) => e.type === 'message.sent_to_customer')).toBe(false);
    const owed = await app.outbox(reference);
    expect(owed.filter((m) => CUSTOMER_CHANNELS.includes(m.channel))).toEqual([]);
    expect(app.customer.of(reference)).toEqual([]);
    // Nor is the note echoed back into the thread.
    expect(inThread()).toHaveLength(posted);
  });

  it('never takes the bot’s own messages, or edits, for notes', async () => {
    const { reference, cardTs } = await app.file();
    await threadMessage(cardTs, FAKE_BOT.userId, 'From the customer: hello', { bot_id: FAKE_BOT.botId });
    await threadMessage(cardTs, PEOPLE.handler, 'Edited', { subtype: 'message_changed' });
    await threadMessage(cardTs, PEOPLE.handler, 'Not in a case thread', { thread_ts: '1700000000.000001' });
    expect((await app.history(reference)).filter((e) => e.type === 'note.added')).toEqual([]);
  });

  it('keeps nothing from someone who is not staff, and tells them privately', async () => {
    const { reference, cardTs } = await app.file();
    const before = await app.history(reference);
    await threadMessage(cardTs, PEOPLE.stranger, 'Let me add something');
    expect(await app.history(reference)).toEqual(before);
    const [refusal] = app.slack.of('chat.postEphemeral');
    expect(refusal.args).toMatchObject({ channel: CASES_CHANNEL, user: PEOPLE.stranger, thread_ts: cardTs });
    expect(refusal.args.text).toContain('only the case handlers and supervisors');
  });

  it('posts a new card when someone deleted the old one', async () => {
    const { reference } = await app.file();
    app.slack.clear();
    app.slack.refuseNext('chat.update', 'message_not_found');
    await app.server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'acknowledge' } });
    await app.deliver();
    const reposted = app.slack.of('chat.postMessage').filter((c) => !c.args.thread_ts);
    expect(reposted).toHaveLength(1);
    // the step that came with it goes in the new card's thread
    expect(app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts).every((c) => c.args.thread_ts === reposted[0].ts)).toBe(true);
    expect(cardText(reposted[0])).toContain('Acknowledged, waiting for assessment');
    const cards = (await app.outbox(reference)).filter((m) => m.kind === 'case_card');
    expect(cards.every((m) => m.status === 'sent')).toBe(true);
  });

  it('tries a card again later when Slack is down, and never posts it twice', async () => {
    app.slack.refuseNext('chat.postMessage', 'service_unavailable');
    const created = await app.server.request('POST', '/api/complaints', { body: { channel: 'api', contact: { kind: 'email', value: 'jo@example.com' }, category: 'billing', description: 'Charged twice' } });
    await app.deliver();
    const cardMessages = async () => (await app.outbox(created.body.reference)).filter((m) => m.kind === 'case_card');
    expect(await cardMessages()).toMatchObject([{ status: 'pending' }]);
    app.server.clock.set('2026-03-02T10:05:00.000Z');
    try {
      await app.deliver();
    } finally {
      app.server.clock.set('2026-03-02T10:00:00.000Z');
    }
    const cards = app.slack.of('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).includes(created.body.reference));
    expect(cards).toHaveLength(2); // the refused try, then the one that worked
    expect(cardText(cards[1])).toContain('j•••@e•••.com');
    expect((await cardMessages()).map((m) => m.status)).toEqual(['sent']);
  });

  it('does not post a card again when the first post reached Slack but its answer was lost: it finds the card in the channel', async () => {
    app.slack.loseNextAnswer('chat.postMessage');
    const created = await app.server.request('POST', '/api/complaints', { body: { channel: 'api', contact: { kind: 'email', value: 'kim@example.com' }, category: 'billing', description: 'Charged three times' } });
    const reference = created.body.reference as string;
    await app.deliver();
    const cardMessages = async () => (await app.outbox(reference)).filter((m) => m.kind === 'case_card');
    expect(await cardMessages()).toMatchObject([{ status: 'pending' }]);
    app.server.clock.set('2026-03-02T10:05:00.000Z');
    try {
      await app.deliver();
    } finally {
      app.server.clock.set('2026-03-02T10:00:00.000Z');
    }
    const cards = app.slack.of('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).includes(reference));
    expect(cards).toHaveLength(1);
    expect((await cardMessages()).map((m) => m.status)).toEqual(['sent']);
    // the card shown is the one found, brought up to date in place
    expect(app.slack.of('chat.update').filter((c) => c.args.ts === cards[0].ts)).toHaveLength(1);
  });

  // Last: moving the clock past the deadlines fires the deadline watch for every case filed so far.
  it('alerts in the card’s thread when a promise nears its deadline and when it is missed', async () => {
    const { reference, cardTs } = await app.file({ channel: 'api' });
    app.slack.clear();
    // Filed Monday 2 March 10:00 GMT; the default code promises an acknowledgement by close of business Tuesday.
    app.server.clock.set('2026-03-03T17:30:00.000Z');
    try {
      await app.deliver();
      await app.deliver();
    } finally {
      app.server.clock.set('2026-03-02T10:00:00.000Z');
    }
    const thread = app.slack.of('chat.postMessage').filter((c) => c.args.thread_ts === cardTs);
    const near = thread.find((c) => cardText(c).includes('Deadline near'));
    const missed = thread.find((c) => cardText(c).includes('Deadline missed'));
    expect(cardText(near!)).toContain(`<@${PEOPLE.supervisor}> *Deadline near* on ${reference}: Acknowledgement by Tuesday 3 March 2026 at 17:00 GMT`);
    expect(cardText(missed!)).toContain(`<@${PEOPLE.supervisor}> *Deadline missed* on ${reference}`);
    expect(missed!.args.reply_broadcast).toBe('true');
    const card = app.slack.of('chat.update').filter((c) => c.args.ts === cardTs).at(-1)!;
    expect(cardText(card)).toContain('Acknowledgement by Tuesday 3 March 2026 at 17:00 GMT: :warning: *overdue*');
  });
});
