import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import type { SlackCall } from './support/fake-slack.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, modalValue, viewSubmission } from './support/slack-requests.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false };

describe.each(dialects())('working a case from its Slack card on %s', (dialect) => {
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

  /** Presses a button on a case's card as a Slack user. */
  const press = (action: string, reference: string, cardTs: string, userId: string) =>
    app.send(
      blockAction({ actionId: `case:${action}`, value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );

  /** Presses a button that opens a modal, and returns the modal Redress opened. */
  const openModal = async (action: string, reference: string, cardTs: string, userId: string) => {
    const response = await press(action, reference, cardTs, userId);
    expect(response.status).toBe(200);
    const opened = app.slack.of('views.open').at(-1);
    if (!opened) throw new Error(`No modal opened for ${action}; private answers: ${JSON.stringify(app.slack.of('chat.postEphemeral'))}`);
    return opened.args.view as Record<string, any>;
  };

  const submit = (view: Record<string, any>, userId: string, values: Record<string, Record<string, unknown>>) =>
    app.send(viewSubmission({ view, userId, values }), 'application/x-www-form-urlencoded');

  const apiAct = (reference: string, body: Record<string, unknown>) =>
    app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' } });

  const get = async (reference: string) => (await app.server.request('GET', `/api/complaints/${reference}`)).body;

  const privateAnswer = (): SlackCall => {
    const [answer] = app.slack.of('chat.postEphemeral');
    if (!answer) throw new Error('No private answer was sent');
    return answer;
  };

  /** A case under investigation, assigned to the handler. */
  const investigating = async () => {
    const filed = await app.file();
    await apiAct(filed.reference, { action: 'acknowledge' });
    await apiAct(filed.reference, { action: 'assign', assigneeId: PEOPLE.handler });
    await apiAct(filed.reference, { action: 'assess', assessment: ASSESSMENT });
    await apiAct(filed.reference, { action: 'start_investigation' });
    await app.deliver();
    app.slack.clear();
    return filed;
  };

  describe('buttons', () => {
    it('acknowledges as the Slack user who pressed, acknowledges Slack at once, and updates the card', async () => {
      const { reference, cardTs } = await app.file();
      const response = await press('acknowledge', reference, cardTs, PEOPLE.handler);
      expect(response.status).toBe(200);
      expect(response.text).toBe('');
      const history = await app.history(reference);
      expect(history.at(-1)).toMatchObject({ type: 'complaint.acknowledged', actor: `staff:${PEOPLE.handler}` });

      await app.deliver();
      const [update] = app.slack.of('chat.update');
      expect(update.args.ts).toBe(cardTs);
      expect(JSON.stringify(update.args.blocks)).toContain('Acknowledged, waiting for assessment');
    });

    it('refuses someone who is not staff privately, and changes nothing', async () => {
      const { reference, cardTs } = await app.file();
      const before = await app.history(reference);
      await press('acknowledge', reference, cardTs, PEOPLE.stranger);
      await press('propose_response', reference, cardTs, PEOPLE.stranger);
      expect(await app.history(reference)).toEqual(before);
      expect(app.slack.of('views.open')).toEqual([]);
      const answers = app.slack.of('chat.postEphemeral');
      expect(answers).toHaveLength(2);
      for (const answer of answers) {
        expect(answer.args).toMatchObject({ channel: CASES_CHANNEL, user: PEOPLE.stranger });
        expect(answer.args.text).toContain('Only the case handlers and supervisors set up in Redress');
      }
    });

    it('lets a handler take an unassigned case, but never one they are named in', async () => {
      const { reference, cardTs } = await app.file();
      await press('assign_self', reference, cardTs, PEOPLE.handler);
      expect((await get(reference)).assigneeId).toBe(PEOPLE.handler);

      const involved = await app.file({ involvedStaffIds: [PEOPLE.otherHandler] });
      const before = await app.history(involved.reference);
      await press('assign_self', involved.reference, involved.cardTs, PEOPLE.otherHandler);
      expect(privateAnswer().args.text).toContain('You are named as involved in this complaint, so you cannot act on it');
      expect(await app.history(involved.reference)).toEqual(before);
    });

    it('tells the presser privately when the case has moved on since the card was drawn', async () => {
      const { reference, cardTs } = await app.file();
      await apiAct(reference, { action: 'acknowledge' });
      await press('acknowledge', reference, cardTs, PEOPLE.handler);
      expect(privateAnswer().args.text).toContain('The case is now "Acknowledged, waiting for assessment"');
    });
  });

  describe('reassigning', () => {
    it('refuses a handler privately before the modal opens, and changes nothing', async () => {
      const { reference, cardTs } = await investigating();
      const before = await app.history(reference);
      await press('reassign', reference, cardTs, PEOPLE.otherHandler);
      expect(app.slack.of('views.open')).toEqual([]);
      expect(privateAnswer().args).toMatchObject({ user: PEOPLE.otherHandler });
      expect(privateAnswer().args.text).toContain('Only a supervisor can reassign a case');
      expect(await app.history(reference)).toEqual(before);
    });

    it('refuses a handler’s submitted reassignment inside the modal, next to the picker', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('reassign', reference, cardTs, PEOPLE.supervisor);
      const before = await app.history(reference);
      const response = await submit(view, PEOPLE.otherHandler, { assignee: modalValue.user(PEOPLE.otherHandler) });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        response_action: 'errors',
        errors: { assignee: expect.stringContaining('Only a supervisor can reassign a case') },
      });
      expect(await app.history(reference)).toEqual(before);
    });

    it('lets a supervisor reassign to another handler through the staff picker', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('reassign', reference, cardTs, PEOPLE.supervisor);
      expect(view.callback_id).toBe('case:assign');
      expect(view.title.text).toBe('Reassign the case');
      expect(JSON.stringify(view.blocks)).toContain(`Handlers: <@${PEOPLE.handler}>, <@${PEOPLE.otherHandler}>`);

      const stranger = await submit(view, PEOPLE.supervisor, { assignee: modalValue.user(PEOPLE.stranger) });
      expect(stranger.body).toEqual({ response_action: 'errors', errors: { assignee: 'That person is not a case handler or supervisor in Redress.' } });

      const done = await submit(view, PEOPLE.supervisor, { assignee: modalValue.user(PEOPLE.otherHandler) });
      expect(done.status).toBe(200);
      expect(done.text).toBe('');
      expect((await get(reference)).assigneeId).toBe(PEOPLE.otherHandler);
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.assigned', actor: `staff:${PEOPLE.supervisor}` });
    });
  });

  describe('modals', () => {
    it('assesses through the assessment modal', async () => {
      const { reference, cardTs } = await app.file();
      await apiAct(reference, { action: 'acknowledge' });
      const view = await openModal('assess', reference, cardTs, PEOPLE.handler);
      const incomplete = await submit(view, PEOPLE.handler, { severity: modalValue.option('high') });
      expect(incomplete.body.response_action).toBe('errors');
      expect(Object.keys(incomplete.body.errors).sort()).toEqual(['complexity', 'impact', 'urgency']);

      const done = await submit(view, PEOPLE.handler, {
        severity: modalValue.option('high'),
        impact: modalValue.option('medium'),
        complexity: modalValue.option('low'),
        urgency: modalValue.option('high'),
        health_or_safety: modalValue.checked([]),
        summary: modalValue.text('Repeat failure by the same courier.'),
      });
      expect(done.text).toBe('');
      expect(await get(reference)).toMatchObject({ status: 'assessed', priority: 'high' });
    });

    it('proposes a resolution, with errors shown next to the missing field', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('propose_response', reference, cardTs, PEOPLE.handler);
      expect(view.callback_id).toBe('case:propose_response');
      // sealed by Redress: its signature, then what the form acts on
      expect(view.private_metadata.split('.').slice(1).join('.')).toBe(JSON.stringify({ reference }));

      const missing = await submit(view, PEOPLE.handler, { outcome: modalValue.text('A full refund'), explanation: modalValue.text('  ') });
      expect(missing.body).toEqual({ response_action: 'errors', errors: { explanation: 'Please fill this in.' } });
      expect((await get(reference)).status).toBe('investigating');

      const done = await submit(view, PEOPLE.handler, {
        outcome: modalValue.text('A full refund'),
        explanation: modalValue.text('The courier confirmed the parcel went to the wrong address.'),
      });
      expect(done.text).toBe('');
      expect(await get(reference)).toMatchObject({ status: 'response_proposed', proposedResponse: { outcome: 'A full refund' } });
    });

    it('shows a workflow refusal inside the modal when the case moved on while it was open', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('request_information', reference, cardTs, PEOPLE.handler);
      expect(JSON.stringify(view.blocks)).toContain('by SMS (+44 •••• ••• 456)');
      await apiAct(reference, { action: 'propose_response', outcome: 'Refund', explanation: 'Lost in transit.' });
      const response = await submit(view, PEOPLE.handler, { question: modalValue.text('Which address did you use?') });
      expect(response.body).toEqual({
        response_action: 'errors',
        errors: { question: expect.stringContaining('The case is now "Resolution proposed, waiting for the customer"') },
      });
    });

    it('lets only a supervisor close a case the customer has not accepted', async () => {
      const { reference, cardTs } = await investigating();
      await apiAct(reference, { action: 'propose_response', outcome: 'Refund', explanation: 'Lost in transit.' });
      await press('close', reference, cardTs, PEOPLE.handler);
      expect(privateAnswer().args.text).toContain('Only a supervisor can close a case before the customer has accepted');
      expect(app.slack.of('views.open')).toEqual([]);

      const view = await openModal('close', reference, cardTs, PEOPLE.supervisor);
      expect(JSON.stringify(view.blocks)).toContain('only a supervisor can close the case now');
      const handlerTries = await submit(view, PEOPLE.handler, { outcome: modalValue.text('Refunded'), root_cause: modalValue.option('third-party') });
      expect(handlerTries.body.errors.outcome).toContain('Only a supervisor can close a case');
      expect((await get(reference)).status).toBe('response_proposed');

      const noCause = await submit(view, PEOPLE.supervisor, { outcome: modalValue.text('Refunded') });
      expect(noCause.body).toEqual({ response_action: 'errors', errors: { root_cause: 'Please choose one.' } });
      const closed = await submit(view, PEOPLE.supervisor, { outcome: modalValue.text('Refunded'), root_cause: modalValue.option('third-party') });
      expect(closed.text).toBe('');
      expect(await get(reference)).toMatchObject({
        status: 'closed',
        closure: { outcome: 'Refunded', rootCause: 'third-party', acceptedByCustomer: false },
      });
    });
  });

  describe('Reply to customer', () => {
    it('shows where the reply goes, and sends it on the customer’s own channel', async () => {
      const { reference, cardTs } = await app.file();
      const view = await openModal('reply', reference, cardTs, PEOPLE.handler);
      expect(view.title.text).toBe('Reply to customer');
      expect(JSON.stringify(view.blocks)).toContain('*This goes to the customer* by SMS (+44 •••• ••• 456)');
      expect(JSON.stringify(view)).not.toContain('7911123456');

      const response = await submit(view, PEOPLE.handler, { text: modalValue.text('We have asked the courier to check.') });
      expect(response.text).toBe('');
      const owed = (await app.outbox(reference)).filter((m) => m.kind === 'staff_reply');
      // its words are the history's, read when it is sent
      expect(owed).toMatchObject([{ channel: 'sms', payload: { key: 'staff_reply', textOf: expect.any(Number) } }]);
      await app.deliver();
      expect(app.customer.of(reference)).toContainEqual(expect.objectContaining({ channel: 'sms', kind: 'staff_reply', text: 'We have asked the courier to check.' }));
      expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'message.sent_to_customer', actor: `staff:${PEOPLE.handler}` });
    });

    it('refuses a reply on a closed case inside the modal', async () => {
      const { reference, cardTs } = await investigating();
      const view = await openModal('reply', reference, cardTs, PEOPLE.handler);
      await apiAct(reference, { action: 'propose_response', outcome: 'Refund', explanation: 'Lost.' });
      await apiAct(reference, { action: 'close', outcome: 'Refunded' });
      const response = await submit(view, PEOPLE.handler, { text: modalValue.text('Hello?') });
      expect(response.body.errors.text).toContain('closed or withdrawn');
      expect((await app.outbox(reference)).filter((m) => m.kind === 'staff_reply')).toEqual([]);
    });
  });
});
