import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { StaffApiKeys } from '../src/staff-keys/staff-api-keys.js';
import { dialects } from './support/databases.js';
import type { SlackCall } from './support/fake-slack.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, modalValue, slashCommand, viewSubmission } from './support/slack-requests.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const SUPERVISOR = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

/** The labels of the buttons on a card as posted or updated. */
function buttons(call: SlackCall): string[] {
  const actions = call.args.blocks.find((b: { type: string }) => b.type === 'actions');
  return actions ? actions.elements.map((e: { text: { text: string } }) => e.text.text) : [];
}

describe.each(dialects())('the rules of the workflow in Slack and the staff API on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const press = (action: string, reference: string, cardTs: string, userId: string) =>
    app.send(
      blockAction({ actionId: `case:${action}`, value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );

  const openModal = async (action: string, reference: string, cardTs: string, userId: string) => {
    app.slack.clear();
    expect((await press(action, reference, cardTs, userId)).status).toBe(200);
    const opened = app.slack.of('views.open').at(-1);
    if (!opened) throw new Error(`No modal opened for ${action}; private answers: ${JSON.stringify(app.slack.of('chat.postEphemeral'))}`);
    return opened.args.view as Record<string, any>;
  };

  const submit = (view: Record<string, any>, userId: string, values: Record<string, Record<string, unknown>>) =>
    app.send(viewSubmission({ view, userId, values }), 'application/x-www-form-urlencoded');

  const command = async (text: string, userId: string) => {
    app.slack.clear();
    await app.send(slashCommand({ text, userId, responseUrl: app.slack.responseUrl() }), 'application/x-www-form-urlencoded');
    const [answer] = app.slack.of('response_url');
    return answer.args as { text: string; blocks?: { type: string }[] };
  };

  const apiAct = (reference: string, body: Record<string, unknown>, headers: Record<string, string> = SUPERVISOR) =>
    app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers });

  const get = async (reference: string) => (await app.server.request('GET', `/api/complaints/${reference}`)).body;

  const privateAnswers = (user: string) => app.slack.of('chat.postEphemeral').filter((c) => c.args.user === user).map((c) => String(c.args.text));

  const latestCard = (cardTs: string) => app.slack.of('chat.update').filter((c) => c.args.ts === cardTs).at(-1);

  /** A case moved through the API to `investigating`, assigned to the handler. */
  const investigating = async (overrides: Record<string, unknown> = {}) => {
    const filed = await app.file(overrides);
    for (const body of [
      { action: 'acknowledge' },
      { action: 'assign', assigneeId: PEOPLE.handler },
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
    ]) {
      expect((await apiAct(filed.reference, body)).status).toBe(200);
    }
    await app.deliver();
    app.slack.clear();
    return filed;
  };

  describe('someone named as involved', () => {
    it('can take no step and cannot write to the customer from Slack: buttons, forms and /complaint', async () => {
      const { reference, cardTs } = await app.file({ involvedStaffIds: [PEOPLE.otherHandler] });
      const before = await app.history(reference);

      await press('acknowledge', reference, cardTs, PEOPLE.otherHandler);
      await press('reply', reference, cardTs, PEOPLE.otherHandler);
      await press('withdraw', reference, cardTs, PEOPLE.otherHandler);
      expect(app.slack.of('views.open')).toEqual([]);
      const answers = privateAnswers(PEOPLE.otherHandler);
      expect(answers).toHaveLength(3);
      for (const answer of answers) expect(answer).toContain('You are named as involved in this complaint, so you cannot act on it or write to the customer');

      // a form someone else opened is refused too when they submit it
      const view = await openModal('reply', reference, cardTs, PEOPLE.handler);
      const refused = await submit(view, PEOPLE.otherHandler, { text: modalValue.text('Sorry about your parcel, I will sort it.') });
      expect(refused.body).toEqual({ response_action: 'errors', errors: { text: expect.stringContaining('You are named as involved') } });

      const replied = await command(`reply ${reference} Sorry about your parcel, I will sort it.`, PEOPLE.otherHandler);
      expect(replied.text).toContain('You are named as involved in this complaint');
      // their own view of the case offers them nothing
      const shown = await command(reference, PEOPLE.otherHandler);
      expect(shown.blocks?.some((b) => b.type === 'actions')).toBe(false);

      expect(await app.history(reference)).toEqual(before);
      await app.deliver();
      expect(app.customer.of(reference).filter((m) => m.kind === 'staff_reply')).toEqual([]);

      // anyone else still can
      await press('acknowledge', reference, cardTs, PEOPLE.handler);
      expect((await get(reference)).status).toBe('acknowledged');
    });

    it('is refused by the staff API with 403 staff_involved, with their own key or named through the shared one', async () => {
      const { reference } = await app.file({ involvedStaffIds: [PEOPLE.otherHandler] });
      const { token } = await app.server.app.get(StaffApiKeys).create(PEOPLE.otherHandler, 'supervisor', app.server.clock.now());
      const own = { authorization: `Bearer ${token}` };
      const asThem = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
        app.server.request(method, `/api/complaints/${reference}${path}`, { body, headers, auth: !headers.authorization });

      for (const headers of [own, { 'x-staff-id': PEOPLE.otherHandler, 'x-staff-role': 'handler' }]) {
        const acknowledged = await asThem('POST', '/actions', { action: 'acknowledge' }, headers);
        expect(acknowledged.status).toBe(403);
        expect(acknowledged.body.code).toBe('complaint_staff_involved');
        const replied = await asThem('POST', '/replies', { text: 'We are on it.' }, headers);
        expect(replied.status).toBe(403);
        expect(replied.body.code).toBe('complaint_staff_involved');
        const disclosed = await asThem('POST', '/contact-disclosures', { reason: 'To call them' }, headers);
        expect(disclosed.status).toBe(403);
        expect(disclosed.body.code).toBe('complaint_staff_involved');
      }
      expect((await get(reference)).status).toBe('received');
      expect((await asThem('GET', '', undefined, own)).body.allowedActions).toEqual(['declare_involvement']);
      expect((await apiAct(reference, { action: 'acknowledge' })).status).toBe(200);
    });
    it('cannot take a dispute step on the complaint either', async () => {
      const { reference } = await investigating({ involvedStaffIds: [PEOPLE.otherHandler] });
      await apiAct(reference, { action: 'propose_response', outcome: 'A £5 voucher', explanation: 'Sorry.' });
      await apiAct(reference, { action: 'reject_response', reason: 'Not enough.' });
      await app.deliver();
      const offered = await app.server.request('GET', `/api/complaints/${reference}/dispute`);
      expect(offered.body.status).toBe('offered');
      const refused = await app.server.request('POST', `/api/complaints/${reference}/dispute/actions`, {
        body: { action: 'defer', reminders: false },
        headers: { 'x-staff-id': PEOPLE.otherHandler, 'x-staff-role': 'supervisor' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('complaint_staff_involved');
      expect((await app.server.request('GET', `/api/complaints/${reference}/dispute`)).body.status).toBe('offered');
    });
  });

  describe('closing before the customer accepted', () => {
    it('refuses a handler a case the customer rejected, in Slack and the API, and lets a supervisor close it', async () => {
      const { reference, cardTs } = await investigating();
      await apiAct(reference, { action: 'propose_response', outcome: 'A £10 voucher', explanation: 'The courier lost it.' });
      await apiAct(reference, { action: 'reject_response', reason: 'I want a refund.' });
      expect((await get(reference)).status).toBe('unresolved');
      await app.deliver();
      // the card in the channel, seen by all staff, leaves Close to a supervisor's own view and says so
      expect(buttons(latestCard(cardTs)!)).not.toContain('Close');
      expect(JSON.stringify(latestCard(cardTs)!.args.blocks)).toContain('Only a supervisor may take these steps now: *Reassign*, *Close*');
      app.slack.clear();

      await press('close', reference, cardTs, PEOPLE.handler);
      expect(app.slack.of('views.open')).toEqual([]);
      expect(privateAnswers(PEOPLE.handler)).toEqual([expect.stringContaining('Only a supervisor can close a case before the customer has accepted')]);

      const view = await openModal('close', reference, cardTs, PEOPLE.supervisor);
      expect(JSON.stringify(view.blocks)).toContain('only a supervisor can close the case now');
      const values = { outcome: modalValue.text('Refund refused'), root_cause: modalValue.option('third-party') };
      const handlerTries = await submit(view, PEOPLE.handler, values);
      expect(handlerTries.body.errors.outcome).toContain('Only a supervisor can close a case');

      // the staff API lists for each caller only the steps open to them
      const asHandler = await app.server.request('GET', `/api/complaints/${reference}`, { headers: { 'x-staff-id': PEOPLE.handler, 'x-staff-role': 'handler' } });
      expect(asHandler.body.allowedActions).not.toContain('close');
      expect((await app.server.request('GET', `/api/complaints/${reference}`, { headers: SUPERVISOR })).body.allowedActions).toContain('close');
      const api = await apiAct(reference, { action: 'close', outcome: 'Refund refused' }, { 'x-staff-id': PEOPLE.handler, 'x-staff-role': 'handler' });
      expect(api.status).toBe(403);
      expect(api.body.code).toBe('complaint_close_needs_supervisor');
      expect((await get(reference)).status).toBe('unresolved');

      expect((await submit(view, PEOPLE.supervisor, values)).text).toBe('');
      expect(await get(reference)).toMatchObject({ status: 'closed', closure: { acceptedByCustomer: false } });
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.closed', actor: `staff:${PEOPLE.supervisor}` });
    });
  });

  describe('a reassignment', () => {
    it('tells the new assignee in a direct message, once, with the reference, a masked summary and a link to the thread', async () => {
      const { reference, cardTs } = await app.file();
      await apiAct(reference, { action: 'acknowledge' });
      const view = await openModal('assign', reference, cardTs, PEOPLE.supervisor);
      expect((await submit(view, PEOPLE.supervisor, { assignee: modalValue.user(PEOPLE.handler) })).text).toBe('');
      await app.deliver();
      await app.deliver();

      const opened = app.slack.of('conversations.open');
      expect(opened.map((c) => c.args.users)).toEqual([PEOPLE.handler]);
      const direct = app.slack.of('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
      expect(direct).toHaveLength(1);
      const [message] = direct;
      expect(message.args.channel).toBe('D0HANDLER1');
      expect(message.args.text).toBe(`You have been given complaint ${reference}`);
      const shown = JSON.stringify(message.args.blocks);
      expect(shown).toContain(`<@${PEOPLE.supervisor}> gave you complaint *${reference}*`);
      expect(shown).toContain('My parcel was marked delivered but never arrived. Call me on +44 •••• ••• 456.');
      expect(shown).not.toMatch(/7911\s?123456/);
      expect(shown).toContain(`<https://redress.slack.com/archives/${CASES_CHANNEL}/p${cardTs.replace('.', '')}|Open its card and conversation>`);

      // handed on through the staff API: the next assignee hears of it too, and the link is not asked for again
      expect((await apiAct(reference, { action: 'assign', assigneeId: PEOPLE.otherHandler })).status).toBe(200);
      await app.deliver();
      const next = app.slack.of('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
      expect(next.map((c) => c.args.channel)).toEqual(['D0HANDLER1', 'D0HANDLER2']);
      expect(JSON.stringify(next[1].args.blocks)).toContain(`(it was with <@${PEOPLE.handler}>)`);
      expect(app.slack.of('chat.getPermalink')).toHaveLength(1);
      const sent = (await app.outbox(reference)).filter((m) => m.kind === 'assignment_notice');
      expect(sent.map((m) => m.status)).toEqual(['sent', 'sent']);
    });

    it('sends nothing to someone who takes a case themself', async () => {
      const { reference, cardTs } = await app.file();
      await press('assign_self', reference, cardTs, PEOPLE.handler);
      expect((await get(reference)).assigneeId).toBe(PEOPLE.handler);
      await app.deliver();
      expect(app.slack.of('conversations.open')).toEqual([]);
      expect((await app.outbox(reference)).filter((m) => m.kind === 'assignment_notice')).toEqual([]);
    });
  });

  describe('the steps that had no button', () => {
    it('reassesses, with the current assessment filled in', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('reassess', reference, cardTs, PEOPLE.handler);
      expect(view.title.text).toBe('Reassess the complaint');
      expect(JSON.stringify(view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Medium"},"value":"medium"}');
      const response = await submit(view, PEOPLE.handler, {
        severity: modalValue.option('high'),
        impact: modalValue.option('high'),
        complexity: modalValue.option('low'),
        urgency: modalValue.option('high'),
        health_or_safety: modalValue.checked([]),
      });
      expect(response.text).toBe('');
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.reassessed', actor: `staff:${PEOPLE.handler}` });
      await app.deliver();
      expect(JSON.stringify(latestCard(cardTs)!.args.blocks)).toContain('severity high, impact high, urgency high');
    });

    it('records the answer of a customer who complained by phone, and who said so', async () => {
      const { reference, cardTs } = await investigating({ channel: 'phone' });
      await apiAct(reference, { action: 'propose_response', outcome: 'A full refund', explanation: 'The courier lost it.' });
      await app.deliver();
      expect(buttons(latestCard(cardTs)!)).toContain('Record the customer’s answer');

      const view = await openModal('record_answer', reference, cardTs, PEOPLE.handler);
      expect(JSON.stringify(view.blocks)).toContain('Offered: A full refund');
      const missing = await submit(view, PEOPLE.handler, { answer: modalValue.option('accept') });
      expect(missing.body).toEqual({ response_action: 'errors', errors: { means: 'Please choose one.' } });
      const answered = await submit(view, PEOPLE.handler, { answer: modalValue.option('accept'), means: modalValue.option('letter') });
      expect(answered.text).toBe('');
      expect((await get(reference)).status).toBe('resolved');
      const [event] = (await app.server.request('GET', `/api/complaints/${reference}/history`)).body.events.slice(-1);
      expect(event).toMatchObject({ type: 'complaint.response_accepted', actor: `staff:${PEOPLE.handler}`, reason: 'The customer answered by letter.' });
      // accepted: the handler may close it now
      await app.deliver();
      app.slack.clear();
      const close = await openModal('close', reference, cardTs, PEOPLE.handler);
      expect((await submit(close, PEOPLE.handler, { outcome: modalValue.text('Refunded'), root_cause: modalValue.option('third-party') })).text).toBe('');
      expect(await get(reference)).toMatchObject({ status: 'closed', closure: { acceptedByCustomer: true } });
    });

    it('records a rejection given on the phone, with what the customer said', async () => {
      const { reference, cardTs } = await investigating({ channel: 'phone' });
      await apiAct(reference, { action: 'propose_response', outcome: 'A £5 voucher', explanation: 'Sorry.' });
      await app.deliver();
      const view = await openModal('record_answer', reference, cardTs, PEOPLE.handler);
      await submit(view, PEOPLE.handler, { answer: modalValue.option('reject'), means: modalValue.option('phone'), reason: modalValue.text('A voucher is no use to me.') });
      expect((await get(reference)).status).toBe('unresolved');
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.response_rejected', data: { reason: 'A voucher is no use to me.' } });
    });

    it('withdraws on the customer’s word, recording who asked and how, and reopens it', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('withdraw', reference, cardTs, PEOPLE.handler);
      const missing = await submit(view, PEOPLE.handler, { means: modalValue.option('phone') });
      expect(missing.body).toEqual({ response_action: 'errors', errors: { asked_by: 'Please choose one.' } });
      const withdrawn = await submit(view, PEOPLE.handler, {
        asked_by: modalValue.option('customer'),
        means: modalValue.option('phone'),
        reason: modalValue.text('The parcel turned up at a neighbour’s.'),
      });
      expect(withdrawn.text).toBe('');
      expect((await get(reference)).status).toBe('withdrawn');
      expect((await app.history(reference)).at(-1)).toMatchObject({
        type: 'complaint.withdrawn',
        actor: `staff:${PEOPLE.handler}`,
        data: { reason: 'Asked by the customer by phone: The parcel turned up at a neighbour’s.' },
      });

      await app.deliver();
      expect(buttons(latestCard(cardTs)!)).toEqual(['Reopen', 'Details']);
      const reopen = await openModal('reopen', reference, cardTs, PEOPLE.handler);
      const empty = await submit(reopen, PEOPLE.handler, { reason: modalValue.text('  ') });
      expect(empty.body).toEqual({ response_action: 'errors', errors: { reason: 'Please fill this in.' } });
      expect((await submit(reopen, PEOPLE.handler, { reason: modalValue.text('It was not theirs after all.') })).text).toBe('');
      expect((await get(reference)).status).toBe('investigating');
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.reopened', data: { reason: 'It was not theirs after all.' } });
    });

    it('tells a handler why a button on the shared card is not theirs, before any form opens', async () => {
      const { reference, cardTs } = await investigating();
      await apiAct(reference, { action: 'propose_response', outcome: 'A refund', explanation: 'Lost.' });
      await press('reassign', reference, cardTs, PEOPLE.handler);
      await press('close', reference, cardTs, PEOPLE.handler);
      await press('mark_unresolved', reference, cardTs, PEOPLE.handler);
      expect(app.slack.of('views.open')).toEqual([]);
      expect(privateAnswers(PEOPLE.handler)).toEqual([
        expect.stringContaining('Only a supervisor can reassign a case'),
        expect.stringContaining('Only a supervisor can close a case before the customer has accepted'),
        expect.stringContaining('only once its final response deadline has passed'),
      ]);
    });
  });

  // Last: moving the clock past the final response deadline fires the deadline watch for every case filed so far.
  describe('when a deadline passes', () => {
    it('brings the card up to date then, and offers to mark the case unresolved', async () => {
      const { reference, cardTs } = await investigating();
      // Filed Monday 2 March 2026; the default code promises the final response by Monday 30 March, 17:00 BST.
      const due = (await get(reference)).deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response').dueAt;
      expect(due).toBe('2026-03-30T16:00:00.000Z');
      app.server.clock.set(due);
      try {
        await app.deliver();
        const card = latestCard(cardTs)!;
        expect(JSON.stringify(card.args.blocks)).toContain('Final response by Monday 30 March 2026 at 17:00 BST: :warning: *overdue*');
        expect(buttons(card)).toContain('Mark unresolved');

        const view = await openModal('mark_unresolved', reference, cardTs, PEOPLE.handler);
        expect((await submit(view, PEOPLE.handler, { reason: modalValue.text('No response in time: the courier never answered.') })).text).toBe('');
        expect((await get(reference)).status).toBe('unresolved');
        expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.marked_unresolved', actor: `staff:${PEOPLE.handler}` });
      } finally {
        app.server.clock.set('2026-03-02T10:00:00.000Z');
      }
    });
  });
});
