import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { PEOPLE } from './support/slack-app.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

const MONDAY_MORNING = '2026-03-02T10:00:00.000Z';
const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;

/**
 * The code of conduct promises to tell the customer "we have received your complaint and who is dealing with it".
 * So a complaint made in a chat is recorded, not yet acknowledged; the acknowledgement comes from staff and names
 * who deals with it (a first name where configured, else the team), and only then is the promise met.
 */
describe.each(dialects())('acknowledging a complaint, from the customer to staff and back, on %s', (dialect) => {
  let world: CustomerAndStaff;

  beforeAll(async () => {
    world = await CustomerAndStaff.start(dialect, { STAFF_FIRST_NAMES: `${PEOPLE.handler}=Priya` }, MONDAY_MORNING);
  });

  afterAll(async () => {
    await world?.stop();
  });

  const cardOf = (reference: string) => world.slackPost(new RegExp(`Complaint ${reference} ·`));
  const buttonsOf = (card: { args: Record<string, any> }) =>
    card.args.blocks.flatMap((b: any) => b.elements ?? []).filter((e: any) => e.type === 'button').map((e: any) => e.text.text);
  const promiseState = async (reference: string) =>
    (await world.complaint(reference)).deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_acknowledge');

  it('on web chat: the first person to take the case is who the acknowledgement names, and the promise is met then', async () => {
    const chat = await DirectLineClient.start(world.server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened/);
    await chat.answer('My order arrived broken.', /What is your complaint about\?/);
    await chat.answer('Delivery', /When did it happen\?/);
    await chat.answer('yesterday', /What would put it right for you\?/);
    await chat.answer('A new one', /How should we keep you updated\?/);
    await chat.answer('In this chat', /Shall I send it\?/);
    const sent = await chat.say('Send it');
    await chat.waitForBot(/We will tell you who is dealing with it by Tuesday 3 March\./, sent);
    await chat.answer('Yes', /We will ask you once your complaint is closed\./);
    const reference = REFERENCE.exec(chat.botTexts().join('\n'))![1];

    expect((await world.complaint(reference)).status).toBe('received');
    expect(await promiseState(reference)).toMatchObject({ state: expect.not.stringMatching(/met/) });
    const card = await cardOf(reference);
    expect(buttonsOf(card)).toEqual(expect.arrayContaining(['Acknowledge', 'Assign to me']));

    // the handler takes it from the card: that acknowledges it, naming her
    const ts = await world.cardTs(reference);
    await world.press('case:assign_self', reference, ts, PEOPLE.handler);
    const told = await chat.waitForBot(new RegExp(`We have received your complaint ${reference}\\.`));
    expect(told.text).toContain('Priya, from our complaints team, is dealing with it.');
    const complaint = await world.complaint(reference);
    expect(complaint).toMatchObject({ status: 'acknowledged', assigneeId: PEOPLE.handler });
    expect(await promiseState(reference)).toMatchObject({ state: 'met' });
    expect((await world.history(reference)).map((e) => e.type)).toEqual(expect.arrayContaining(['complaint.acknowledged', 'complaint.assigned']));

    // checking on it now says so
    await chat.answer('Check a complaint', /reference|Which complaint/);
    const status = await chat.answer(reference, new RegExp(`Complaint ${reference}\\.`));
    expect(status.text).toContain('our team is dealing with it');
  });

  it('by SMS: Acknowledge in Slack with nobody assigned names the team, and a later first assignment names the person', async () => {
    const sam = world.sms('+447911555666');
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');
    await said('Hello');
    await said('1');
    await said('The courier left my parcel in the rain.');
    await said('Delivery');
    await said('yesterday');
    await said('A refund');
    await said('1');
    const filed = await said('1');
    const reference = REFERENCE.exec(filed)![1];
    expect(filed).toContain('We will tell you who is dealing with it by Tuesday 3 March.');
    expect((await world.complaint(reference)).status).toBe('received');

    await cardOf(reference);
    const ts = await world.cardTs(reference);
    await world.press('case:acknowledge', reference, ts, PEOPLE.otherHandler);
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain(`We have received your complaint ${reference}. Our complaints team is dealing with it.`));
    expect(await promiseState(reference)).toMatchObject({ state: 'met' });

    await world.act(reference, { action: 'assign', assigneeId: PEOPLE.handler });
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain(`About your complaint ${reference}: Priya, from our complaints team, is now dealing with it.`));
  });

  it('through the staff API with acknowledge: true: the customer is sent the acknowledgement', async () => {
    const jo = world.sms('+447911777888');
    const created = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'phone', contact: { kind: 'phone', value: '+447911777888' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    expect(created.status).toBe(201);
    await eventually(async () =>
      expect(jo.newTexts().join('\n')).toContain(`We have received your complaint ${created.body.reference}. Our complaints team is dealing with it.`),
    );
  });
});
