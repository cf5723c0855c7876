import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { disputeCard, ukFcaCode } from './support/dispute-card.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { smsJourneyCustomer, webChatJourneyCustomer, type JourneyCustomer } from './support/journey-customer.js';
import { PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { modalValue } from './support/slack-requests.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

jest.setTimeout(180_000);

const OUR_NUMBER = '+447700900123';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const supervisor = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

/** How each channel's customer meets the dispute: how they are reached, what they answer and how choices are put. */
const CHANNELS = [
  {
    channel: 'SMS',
    customer: (app: SlackTestApp, twilio: FakeTwilio, account: ReturnType<typeof testTwilioAccount>) =>
      Promise.resolve(smsJourneyCustomer(app.server, twilio, account, '+447911000021', OUR_NUMBER)),
    choices: 'Reply 1 for Yes, ask them, 2 for Decide later or 3 for No, thank you.',
    refer: '1',
    share: '1',
  },
  {
    channel: 'web chat',
    customer: (app: SlackTestApp) => webChatJourneyCustomer(app.server),
    choices: '[Yes, ask them] [Decide later] [No, thank you]',
    refer: 'Yes, ask them',
    share: 'Yes, share it',
  },
] as const;

/**
 * ISO 10003 end to end with both sides real: a customer on SMS or web chat says NO to the proposal, hears the options
 * and consents; staff take the dispute to its end from the Slack card; each step reaches the customer on their channel.
 */
describe.each(dialects().flatMap((dialect) => CHANNELS.map((way) => [dialect, way.channel, way] as const)))('a dispute from a NO to closure in Slack on %s, the customer on %s', (dialect, _channel, way) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let app: SlackTestApp;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    app = await startSlackApp(
      dialect,
      { ...smsSettings(account, twilio.url, OUR_NUMBER), CODE_OF_CONDUCT_FILE: ukFcaCode('dispute-slack-journey') },
      { realCustomerChannels: true },
    );
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await twilio?.stop();
  });

  const act = async (reference: string, body: Record<string, unknown>) =>
    expect((await app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: supervisor })).status).toBe(200);

  const dispute = async (reference: string) => (await app.server.request('GET', `/api/complaints/${reference}/dispute`)).body;

  it('NO → options → consent to refer and share → referred, accepted, upheld, remedied and closed from the card; each step told on their channel', async () => {
    app.server.clock.set('2026-03-02T10:00:00.000Z');
    const sam: JourneyCustomer = await way.customer(app, twilio, account);
    const { reference, cardTs } = await app.file(sam.filing);
    await act(reference, { action: 'acknowledge' });
    await act(reference, { action: 'assess', assessment: ASSESSMENT });
    await act(reference, { action: 'start_investigation' });
    await act(reference, { action: 'propose_response', outcome: 'No refund', explanation: 'The parcel was delivered.', waiveTimeLimits: false });
    await app.deliver();
    await sam.told('this is what we propose:\nNo refund');

    // the customer's side: NO, the options in plain words, then consent to refer and to share the case file
    expect(await sam.answer('NO', 'You can tell us why, or reply SKIP.')).toContain('You can tell us why, or reply SKIP.');
    const options = await sam.answer('It was never delivered.', `Would you like Financial Ombudsman Service to look at your complaint ${reference}?`);
    expect(options).toContain('Financial Ombudsman Service');
    expect(options).toContain('It is free for you.');
    expect(options).toContain('The last day to ask them is Wednesday, 2 September 2026.');
    expect(options).toContain(way.choices);
    expect(await sam.answer(way.refer, 'May we share it with them?')).toContain('May we share it with them?');
    const recorded = `We have recorded that you want Financial Ombudsman Service to look at your complaint ${reference}.`;
    expect(await sam.answer(way.share, recorded)).toContain(recorded);
    expect(await dispute(reference)).toMatchObject({ status: 'consented', consentToShare: true });

    // the staff's side, from the card's buttons and modals
    const { press, openModal, submit, drawn, thread } = disputeCard(app);
    const cardSays = async (status: string) => {
      const expected = `*Dispute (ISO 10003):* ${status}`;
      // a card update that failed under load waits out the outbox's backoff before it is sent again
      await eventually(async () => {
        await app.deliver();
        if (!drawn(cardTs).includes(expected)) throw new Error('not drawn yet');
      }, 2400).catch(async () => {
        // what the outbox still holds says why the card did not follow
        const owed = (await app.outbox(reference)).filter((m) => m.channel === 'slack').map(({ kind, status: state }) => `${kind}:${state}`);
        throw new Error(`The card never said "${expected}"; Slack messages in the outbox: ${owed.join(', ')}; card: ${drawn(cardTs)}`);
      });
    };
    /** The step reached the customer on their channel and the card in Slack. */
    const shown = async (told: string, status: string) => {
      await cardSays(status);
      await sam.told(told);
    };

    await cardSays('The customer consented: refer it');
    expect(drawn(cardTs)).toContain('*Chosen:* Financial Ombudsman Service (case file may be shared)');
    expect(drawn(cardTs)).toContain('"action_id":"dispute:refer"');
    expect((await press('refer', reference, cardTs, PEOPLE.handler)).status).toBe(200);
    await shown(`We have sent your complaint ${reference} to Financial Ombudsman Service.`, 'Referred, waiting for the provider');

    const acceptance = await openModal('record_acceptance', reference, cardTs, PEOPLE.handler);
    expect((await submit(acceptance, PEOPLE.handler, { provider_reference: modalValue.text('FOS-2026-9001') })).status).toBe(200);
    await shown('Their reference is FOS-2026-9001.', 'Accepted by the provider');

    const outcome = await openModal('record_outcome', reference, cardTs, PEOPLE.supervisor);
    const decided = { outcome: modalValue.option('upheld'), explanation: modalValue.text('Refund the parcel.'), remedy: modalValue.text('refund £40') };
    expect((await submit(outcome, PEOPLE.supervisor, decided)).status).toBe(200);
    await shown('We will do what they asked (refund £40) by Monday, 30 March 2026.', 'Outcome recorded');
    expect(drawn(cardTs)).toContain('*Remedy:* refund £40 by Monday 30 March 2026');

    expect((await press('implement_remedy', reference, cardTs, PEOPLE.handler)).status).toBe(200);
    await shown('we have done what Financial Ombudsman Service asked.', 'Remedy carried out');
    expect((await press('close', reference, cardTs, PEOPLE.supervisor)).status).toBe(200);
    await shown(`The dispute about your complaint ${reference} is now closed.`, 'Closed');
    expect(await dispute(reference)).toMatchObject({ status: 'closed', providerReference: 'FOS-2026-9001', outcome: 'upheld', remedy: 'refund £40' });

    // the messages came in the order the steps were taken, one each
    const texts = await sam.everything();
    const steps = ['We have sent your complaint', 'FOS-2026-9001', 'refund £40', 'we have done what', 'is now closed'].map((words) => texts.filter((body) => body.includes(words)));
    expect(steps.map((found) => found.length)).toEqual([1, 1, 1, 1, 1]);
    const order = steps.map(([body]) => texts.indexOf(body));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // the thread carries what the customer said when they turned the proposal down
    expect(thread(cardTs)).toContain(`From the customer (${reference}): It was never delivered.`);
    // and every step of the dispute, once each, in order
    await app.deliver();
    const disputeSteps = [
      'Dispute options offered to the customer',
      'The customer consented to refer it to Financial Ombudsman Service',
      'Referred to Financial Ombudsman Service by',
      'Financial Ombudsman Service accepted the dispute (their reference FOS-2026-9001)',
      'Dispute outcome: upheld',
      'Remedy carried out',
      'Dispute closed by',
    ];
    const posts = thread(cardTs);
    expect(disputeSteps.map((step) => posts.filter((text) => text.includes(step)).length)).toEqual(disputeSteps.map(() => 1));
    const places = disputeSteps.map((step) => posts.findIndex((text) => text.includes(step)));
    expect(places).toEqual([...places].sort((a, b) => a - b));

    const history = await app.server.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.integrity).toMatchObject({ intact: true });
    const events = (history.body.events as { type: string; actor: string }[]).filter((event) => event.type.startsWith('dispute.'));
    expect(events.map((event) => [event.type, event.actor])).toEqual([
      ['dispute.offered', 'customer'],
      ['dispute.consented', 'customer'],
      ['dispute.referred', `staff:${PEOPLE.handler}`],
      ['dispute.accepted_by_provider', `staff:${PEOPLE.handler}`],
      ['dispute.outcome_recorded', `staff:${PEOPLE.supervisor}`],
      ['dispute.remedy_implemented', `staff:${PEOPLE.handler}`],
      ['dispute.closed', `staff:${PEOPLE.supervisor}`],
    ]);
  });
});
