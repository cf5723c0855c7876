import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { disputeCard, ukFcaCode } from './support/dispute-card.js';
import { PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { modalValue } from './support/slack-requests.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const supervisor = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

describe.each(dialects())('a dispute worked from the Slack card on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect, { CODE_OF_CONDUCT_FILE: ukFcaCode('slack-disputes'), PUBLIC_URL: 'https://redress.example.org' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const apiAct = async (reference: string, body: Record<string, unknown>) =>
    expect((await app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: supervisor })).status).toBe(200);

  const dispute = async (reference: string) => (await app.server.request('GET', `/api/complaints/${reference}/dispute`)).body;

  it('shows the last day to refer on the card, and takes the dispute from referral to closure with its buttons and modals', async () => {
    const { press, openModal, submit, drawn: card } = disputeCard(app);
    const { reference, cardTs } = await app.file();
    await apiAct(reference, { action: 'acknowledge' });
    await apiAct(reference, { action: 'assess', assessment: ASSESSMENT });
    await apiAct(reference, { action: 'start_investigation' });
    await apiAct(reference, { action: 'propose_response', outcome: 'No refund', explanation: 'It was delivered.', waiveTimeLimits: false });
    await apiAct(reference, { action: 'reject_response', reason: 'The customer rang to say no.' });
    await app.deliver();
    expect((await dispute(reference)).status).toBe('offered');
    const consent = await app.server.request('POST', `/api/complaints/${reference}/dispute/actions`, {
      body: { action: 'consent', providerId: 'financial-ombudsman-service', shareCaseFile: true },
      headers: supervisor,
    });
    expect(consent.status).toBe(200);
    app.slack.clear();
    await app.deliver();

    const drawn = card(cardTs);
    expect(drawn).toContain('Dispute (ISO 10003):* The customer consented: refer it');
    expect(drawn).toContain('*Last day to refer:* Wednesday 2 September 2026');
    expect(drawn).toContain(`https://redress.example.org/api/complaints/${reference}/dispute/referral-pack/printable`);
    expect(drawn).toContain('"action_id":"dispute:refer"');

    expect((await press('refer', reference, cardTs, PEOPLE.handler)).status).toBe(200);
    expect((await dispute(reference)).status).toBe('referred');

    const acceptance = await openModal('record_acceptance', reference, cardTs, PEOPLE.handler);
    const empty = await submit(acceptance, PEOPLE.handler, { provider_reference: modalValue.text('') });
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { provider_reference: expect.any(String) } });
    expect((await submit(acceptance, PEOPLE.handler, { provider_reference: modalValue.text('FOS-2026-55') })).status).toBe(200);
    expect((await dispute(reference)).providerReference).toBe('FOS-2026-55');

    const outcome = await openModal('record_outcome', reference, cardTs, PEOPLE.handler);
    const values = { outcome: modalValue.option('upheld'), explanation: modalValue.text('Refund the fee.'), remedy: modalValue.text('refund £25') };
    const byHandler = await submit(outcome, PEOPLE.handler, values);
    expect(byHandler.body).toMatchObject({ response_action: 'errors', errors: { outcome: expect.stringContaining('Only a supervisor') } });
    expect((await submit(outcome, PEOPLE.supervisor, values)).status).toBe(200);
    expect(await dispute(reference)).toMatchObject({ status: 'decided', outcome: 'upheld', remedy: 'refund £25' });

    app.slack.clear();
    await app.deliver();
    expect(card(cardTs)).toContain('"action_id":"dispute:implement_remedy"');
    await press('implement_remedy', reference, cardTs, PEOPLE.handler);
    await press('close', reference, cardTs, PEOPLE.supervisor);
    expect((await dispute(reference)).status).toBe('closed');

    const steps = (await app.history(reference)).filter((event) => event.type.startsWith('dispute.'));
    expect(steps.map((event) => [event.type, event.actor])).toEqual([
      ['dispute.offered', 'system:dispute-watch'],
      ['dispute.consented', `staff:${PEOPLE.supervisor}`],
      ['dispute.referred', `staff:${PEOPLE.handler}`],
      ['dispute.accepted_by_provider', `staff:${PEOPLE.handler}`],
      ['dispute.outcome_recorded', `staff:${PEOPLE.supervisor}`],
      ['dispute.remedy_implemented', `staff:${PEOPLE.handler}`],
      ['dispute.closed', `staff:${PEOPLE.supervisor}`],
    ]);
    await app.deliver();
    const told = app.customer.of(reference).filter((m) => m.kind === 'dispute_update').map((m) => m.text);
    expect(told).toContain(`We have sent your complaint ${reference} to Financial Ombudsman Service. They will contact you.`);
    expect(told).toContain(`The dispute about your complaint ${reference} is now closed.`);
  });
});
