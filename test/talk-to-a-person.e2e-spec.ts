import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { CASES_CHANNEL, PEOPLE } from './support/slack-app.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

/** Monday 2 March 2026, 10:00 in London: the default code's business clock is open 09:00 to 17:00. */
const MONDAY_MORNING = '2026-03-02T10:00:00.000Z';

describe.each(dialects())('talking to a person, from the customer to staff and back, on %s', (dialect) => {
  let world: CustomerAndStaff;

  beforeAll(async () => {
    world = await CustomerAndStaff.start(dialect, {}, MONDAY_MORNING);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('on web chat with no complaint: staff see it in Slack at once, reply from there, and the customer reads it here', async () => {
    const chat = await DirectLineClient.start(world.server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    const asked = await chat.say('Talk to a person');
    const told = await chat.waitForBot(/I have asked a person to contact you\./, asked);
    expect(told.text).toContain('They will reply in this chat by 11:00 on Monday 2 March.');
    expect(told.text).toContain('Keep this page open, or come back to it in this browser tab.');
    expect(told.text).not.toMatch(/Web chat: Use the chat on our website/);

    // the supervisors are mentioned, since nobody has this customer, with the promised time and a way to reply
    const post = await world.slackPost(/asks to talk to a person/);
    expect(post.args.channel).toBe(CASES_CHANNEL);
    expect(post.args.thread_ts).toBeUndefined();
    const said = JSON.stringify(post.args.blocks);
    expect(said).toContain(`<@${PEOPLE.supervisor}>`);
    expect(said).toContain('Monday 2 March 2026 at 11:00 GMT');
    const button = post.args.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.text?.text === 'Reply to customer');
    expect(button).toBeDefined();

    const postTs = await eventually(async () => {
      const posted = world.slack.of('chat.postMessage').indexOf(post);
      expect(posted).toBeGreaterThanOrEqual(0);
      const [{ ts }] = await world.server.app.get((await import('typeorm')).DataSource).query('SELECT ts FROM slack_hand_off_posts');
      return String(ts);
    });
    // someone who is not staff is refused privately
    await world.press(button.action_id, button.value, postTs, PEOPLE.stranger);
    expect(world.slack.of('views.open')).toHaveLength(0);
    expect(world.slack.of('chat.postEphemeral').at(-1)?.args.text).toMatch(/not/i);

    const view = await world.openModal(button.action_id, button.value, postTs, PEOPLE.handler);
    expect(JSON.stringify(view.blocks)).toContain('by web chat');
    const sent = await world.submitText(view, PEOPLE.handler, 'Hello, this is Priya. How can I help?');
    expect(sent.status).toBe(200);
    const reply = await chat.waitForBot(/Hello, this is Priya\. How can I help\?/);
    // signed as any staff reply is, so that it does not read as the assistant's
    expect(reply.from.name).toBe('Complaints team');
    const mirrored = await world.slackPost(/Sent to the customer/);
    expect(mirrored.args.thread_ts).toBe(postTs);
    expect(JSON.stringify(mirrored.args.blocks)).toContain(`<@${PEOPLE.handler}>`);

    // and back: what the customer writes now goes under the request, for the person who answered
    const back = await chat.say('My parcel from order 5512 never came.');
    await chat.waitForBot(/I have passed this on to the person who is dealing with your request\./, back);
    const fromCustomer = await world.slackPost(/From the customer.*order 5512/);
    expect(fromCustomer.args.thread_ts).toBe(postTs);
    // a menu choice is still a menu choice
    await chat.answer('Make a complaint', /Please tell me what happened\./);
  });

  it('by SMS about a complaint: the assignee is mentioned in its thread, replies with Reply to customer, and the text arrives', async () => {
    const sam = world.sms('+447911222333');
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+447911222333' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const reference = filed.body.reference as string;
    await world.act(reference, { action: 'assign', assigneeId: PEOPLE.handler });
    await world.slackPost(new RegExp(reference));

    expect((await sam.text('Hello')).replies.join('\n')).toContain('What would you like to do?');
    // proving the case is theirs first, so that the person is asked about it
    await sam.text('2');
    const checked = (await sam.text(reference)).replies.join('\n');
    expect(checked).toContain(`Complaint ${reference}.`);
    const told = (await sam.text('talk to a person')).replies.join('\n');
    expect(told).toContain(`A person will contact you about complaint ${reference}.`);
    expect(told).toContain('They will reply by text to this number by 11:00 on Monday 2 March.');

    const alert = await world.slackPost(new RegExp(`talk to a person\\* about ${reference}`));
    expect(alert.args.thread_ts).toBeDefined();
    expect(String(alert.args.reply_broadcast)).toBe('true');
    expect(JSON.stringify(alert.args.blocks)).toContain(`<@${PEOPLE.handler}>`);
    expect(JSON.stringify(alert.args.blocks)).not.toContain(`<@${PEOPLE.supervisor}>`);

    const view = await world.openModal('case:reply', reference, alert.args.thread_ts, PEOPLE.handler);
    expect((await world.submitText(view, PEOPLE.handler, 'I have refunded the second charge.')).status).toBe(200);
    await eventually(async () => expect(sam.newTexts().join('\n')).toContain('I have refunded the second charge.'));
    // and back: the customer's answer goes into the case's thread
    expect((await sam.text('Thank you, I can see it now.')).replies.join('\n')).toContain('I have passed this on');
    const fromCustomer = await world.slackPost(/From the customer.*I can see it now/);
    expect(fromCustomer.args.thread_ts).toBe(alert.args.thread_ts);

    // answered in time: when the hour is up, nobody is alerted
    world.server.clock.set('2026-03-02T11:05:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(world.slack.of('chat.postMessage').some((c) => /missed/i.test(String(c.args.text)) && JSON.stringify(c.args).includes(reference))).toBe(false);
    world.server.clock.set(MONDAY_MORNING);
  });

  it('raises a request nobody answered in time with the supervisors, and records the miss on the complaint', async () => {
    const chat = await DirectLineClient.start(world.server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'webchat', value: chat.conversationId }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const reference = filed.body.reference as string;
    await chat.answer('Check a complaint', /reference/);
    await chat.answer(reference, new RegExp(`Complaint ${reference}`));
    await chat.answer('talk to a person', new RegExp(`A person will contact you about complaint ${reference}\\.`));
    // nobody has the case: the supervisors are the ones to act
    const alert = await world.slackPost(new RegExp(`talk to a person\\* about ${reference}`));
    expect(JSON.stringify(alert.args.blocks)).toContain(`<@${PEOPLE.supervisor}>`);

    world.server.clock.set('2026-03-02T11:01:00.000Z');
    const missed = await world.slackPost(new RegExp(`Deadline missed\\* on ${reference}: Reply to the customer who asked for a person`));
    expect(String(missed.args.reply_broadcast)).toBe('true');
    await eventually(async () =>
      expect((await world.history(reference)).some((e) => e.type === 'deadline.missed' && e.data.indicator === 'time_to_handoff_reply')).toBe(true),
    );
    world.server.clock.set(MONDAY_MORNING);
  });

  it('with Slack but no cases channel, nobody would see it: the customer is told so and given the other routes', async () => {
    const noChannel = await CustomerAndStaff.start(dialect, { SLACK_CASES_CHANNEL: '' }, MONDAY_MORNING);
    try {
      const chat = await DirectLineClient.start(noChannel.server.baseUrl);
      await chat.waitForBot(/What would you like to do\?/);
      const told = await chat.answer('Talk to a person', /I cannot reach a person from here right now\./);
      expect(told.text).toContain('Email: complaints@example.com');
      expect(told.text).not.toContain('They will reply');
    } finally {
      await noChannel.stop();
    }
  });
});
