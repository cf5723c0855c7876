import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { PEOPLE } from './support/slack-app.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

const MONDAY_MORNING = '2026-03-02T10:00:00.000Z';

/** "You can ask us to reopen it" is a promise: customers withdraw and reopen from the chat, and staff see it in Slack. */
describe.each(dialects())('withdrawing and reopening from the conversation, on %s', (dialect) => {
  let world: CustomerAndStaff;

  beforeAll(async () => {
    world = await CustomerAndStaff.start(dialect, {}, MONDAY_MORNING);
  });

  afterAll(async () => {
    await world?.stop();
  });

  const keyIn = async (contact: { kind: string; value: string }) => {
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    return filed.body.reference as string;
  };
  /** The card as Slack shows it now: its last post or update. */
  const cardShows = (reference: string, text: string) =>
    eventually(async () => {
      const cards = world.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && !c.args.thread_ts && String(c.args.text).includes(`Complaint ${reference}`));
      expect(String(cards.at(-1)?.args.text)).toContain(text);
    });

  it('on web chat: withdraws after asking, says until when it can be reopened, and reopens with the reason', async () => {
    const chat = await DirectLineClient.start(world.server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    const reference = await keyIn({ kind: 'webchat', value: chat.conversationId });
    await chat.answer('Check a complaint', /reference/);
    await chat.answer(reference, new RegExp(`Complaint ${reference}\\.`));

    await chat.answer('I want to withdraw my complaint', new RegExp(`Do you want to withdraw complaint ${reference}\\? We will stop looking into it\\.`));
    const kept = await chat.say('Keep it open');
    await chat.waitForBot(new RegExp(`Your complaint ${reference} stays open\\.`), kept);
    expect((await world.complaint(reference)).status).toBe('acknowledged');

    await chat.answer('withdraw my complaint', /Do you want to withdraw/);
    const withdrawn = await chat.say('Withdraw it');
    const told = await chat.waitForBot(new RegExp(`Your complaint ${reference} is withdrawn\\.`), withdrawn);
    expect(told.text).toContain('You can ask us to reopen it until Wednesday 1 April.');
    expect((await world.complaint(reference)).status).toBe('withdrawn');
    await cardShows(reference, 'Withdrawn by the customer');
    expect((await world.history(reference)).at(-1)).toMatchObject({ type: 'complaint.withdrawn', actor: 'customer' });
    // staff hear of it in the case's thread: nobody has the case, so the supervisors
    const withdrawal = await world.slackPost(new RegExp(`The customer withdrew ${reference}`));
    expect(withdrawal.args.thread_ts).toBeDefined();
    expect(JSON.stringify(withdrawal.args.blocks)).toContain(`<@${PEOPLE.supervisor}>`);

    await chat.answer('I would like to reopen my complaint', new RegExp(`Why would you like us to reopen complaint ${reference}\\?`));
    const reason = await chat.say('The second charge is back on my statement.');
    await chat.waitForBot(new RegExp(`We have reopened your complaint ${reference}`), reason);
    expect((await world.complaint(reference)).status).toBe('investigating');
    await cardShows(reference, 'Under investigation');
    const reopening = await world.slackPost(new RegExp(`The customer reopened ${reference}`));
    expect(JSON.stringify(reopening.args.blocks)).toContain('The second charge is back on my statement.');
    expect((await world.history(reference)).at(-1)).toMatchObject({ type: 'complaint.reopened', data: { reason: 'The second charge is back on my statement.' } });

    // an open complaint has nothing to reopen
    await chat.answer('reopen my complaint', new RegExp(`Complaint ${reference} is still open, so there is nothing to reopen\\.`));
  });

  it('by SMS: withdraws and reopens by text; too late, it says so and offers a person', async () => {
    const sam = world.sms('+447911123789');
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');
    const reference = await keyIn({ kind: 'phone', value: '+447911123789' });
    await said('Hello');
    await said('2');
    expect(await said(reference)).toContain(`Complaint ${reference}.`);

    const asked = await said('withdraw my complaint');
    expect(asked).toContain(`Do you want to withdraw complaint ${reference}?`);
    expect(asked).toContain('Reply 1 for Withdraw it or 2 for Keep it open.');
    const withdrawn = await said('1');
    expect(withdrawn).toContain(`Your complaint ${reference} is withdrawn.`);
    expect(withdrawn).toContain('You can ask us to reopen it until Wednesday 1 April.');
    expect((await world.complaint(reference)).status).toBe('withdrawn');
    await cardShows(reference, 'Withdrawn by the customer');

    // past the code of conduct's 30 days
    world.server.clock.set('2026-04-02T10:00:00.000Z');
    // known before asking why
    const late = await said('reopen my complaint');
    expect(late).toContain(`It is too late to reopen complaint ${reference}. You can talk to a person about it.`);
    expect(late).not.toContain('Why would you like');
    expect((await world.complaint(reference)).status).toBe('withdrawn');
    world.server.clock.set(MONDAY_MORNING);
  });

  it('asks which complaint first when the conversation has shown none to be its own', async () => {
    const chat = await DirectLineClient.start(world.server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    const said = await chat.say('I want to withdraw my complaint');
    await chat.waitForBot(/First, please tell me which complaint\. Then ask me again\./, said);
    await chat.waitForBot(/What is your complaint reference\?/, said);
  });
});
