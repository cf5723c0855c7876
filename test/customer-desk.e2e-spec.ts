import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CUSTOMER_DESK, type CustomerDesk, type Requester } from '../src/complaints/customer-desk/customer-desk.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp, type RunningApp } from './support/test-app.js';

const webchat: Requester = { key: 'webchat:conv-owner', channel: 'webchat' };
const stranger: Requester = { key: 'webchat:conv-stranger', channel: 'webchat' };

describe.each(dialects())('the customer desk on %s', (dialect) => {
  let server: RunningApp;
  let desk: CustomerDesk;

  beforeAll(async () => {
    server = await startApp(dialect);
    server.app.get(NotifierRegistry).register(new RecordingNotifier('sms'));
    desk = server.app.get(CUSTOMER_DESK);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const fileFrom = (requester: Requester, phone = '+447400123456') =>
    desk.fileComplaint({
      requester,
      contact: { kind: 'phone', value: phone },
      language: 'en',
      category: 'delivery',
      description: 'The parcel never came.',
    });

  const act = (reference: string, body: Record<string, unknown>) =>
    server.request('POST', `/api/complaints/${reference}/actions`, { body });

  it('files a complaint for staff to acknowledge, and lets the conversation that made it follow it', async () => {
    const view = await fileFrom(webchat);
    expect(view.status).toBe('received');
    expect(await desk.casesOf(webchat)).toContain(view.reference);
    expect(await desk.lookUp(view.reference.toLowerCase(), webchat)).toMatchObject({ outcome: 'found', view: { reference: view.reference } });
  });

  it('asks anyone else for proof, the same whether or not the reference exists', async () => {
    const view = await fileFrom(webchat);
    expect(await desk.lookUp(view.reference, stranger)).toEqual({ outcome: 'needs_proof' });
    expect(await desk.lookUp('0000-0000', stranger)).toEqual({ outcome: 'needs_proof' });
    expect(await desk.lookUp(view.reference, stranger, '3456')).toMatchObject({ outcome: 'found' });
  });

  it('lets the customer follow the case by text from the number they gave', async () => {
    const view = await fileFrom(webchat, '+447400999888');
    expect(await desk.lookUp(view.reference, { key: 'sms:+447400999888', channel: 'sms' })).toMatchObject({ outcome: 'found' });
  });

  it('stops answering a guesser after three wrong proofs, across references', async () => {
    const guesser: Requester = { key: 'webchat:conv-guesser', channel: 'webchat' };
    const view = await fileFrom(webchat);
    expect(await desk.lookUp(view.reference, guesser, '0000')).toEqual({ outcome: 'no_match', attemptsLeft: 2 });
    expect(await desk.lookUp('0000-0000', guesser, '1111')).toEqual({ outcome: 'no_match', attemptsLeft: 1 });
    expect(await desk.lookUp(view.reference, guesser, '2222')).toMatchObject({ outcome: 'throttled' });
    // Even the right answer is refused while the asker is locked out.
    expect(await desk.lookUp(view.reference, guesser, '3456')).toMatchObject({ outcome: 'throttled', retryAfterMinutes: 15 });
  });

  it('records a hand-off request on the conversation’s latest case', async () => {
    const handing: Requester = { key: 'webchat:conv-handoff', channel: 'webchat' };
    // without Slack nobody would see the request: the customer is told so, and nothing is promised
    expect(await desk.requestHandOff(handing, undefined, 'en')).toEqual({
      reference: null,
      reachesStaff: false,
      replyOn: { channel: 'webchat', address: 'conv-handoff' },
      dueAt: null,
    });
    const view = await fileFrom(handing);
    expect(await desk.requestHandOff(handing, undefined, 'en')).toMatchObject({ reference: view.reference, reachesStaff: false });
    const history = await server.request('GET', `/api/complaints/${view.reference}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'handoff.requested', actor: 'customer' });
  });

  it('takes the customer’s answer to a question, and their acceptance of a proposal, from the conversation', async () => {
    const customer: Requester = { key: 'sms:+447400555666', channel: 'sms' };
    const view = await fileFrom(customer, '+447400555666');
    const assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
    await act(view.reference, { action: 'acknowledge' });
    await act(view.reference, { action: 'assess', assessment });
    await act(view.reference, { action: 'start_investigation' });
    expect(await desk.pendingFor(customer)).toBeNull();

    await act(view.reference, { action: 'request_information', question: 'Which address?' });
    expect(await desk.pendingFor(customer)).toEqual({ kind: 'question', reference: view.reference, question: 'Which address?' });
    await expect(desk.answerQuestion(stranger, view.reference, 'Mine')).rejects.toMatchObject({ code: 'complaint_not_yours' });
    expect(await desk.answerQuestion(customer, view.reference, 'My work address.')).toMatchObject({ status: 'investigating' });

    await act(view.reference, { action: 'propose_response', outcome: 'a replacement', explanation: 'It was lost.' });
    expect(await desk.pendingFor(customer)).toEqual({
      kind: 'proposal',
      reference: view.reference,
      outcome: 'a replacement',
      explanation: 'It was lost.',
    });
    expect(await desk.respondToProposal(customer, view.reference, true)).toMatchObject({ status: 'resolved' });

    const history = await server.request('GET', `/api/complaints/${view.reference}/history`);
    const types = history.body.events.map((e: { type: string; actor: string }) => `${e.type} by ${e.actor}`);
    expect(types).toEqual(
      expect.arrayContaining(['complaint.information_received by customer', 'complaint.response_accepted by customer']),
    );
  });
});
