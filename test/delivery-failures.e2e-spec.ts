import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Outbox } from '../src/notifications/outbox.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { CustomerAndStaff, OUR_NUMBER } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import type { SlackCall } from './support/fake-slack.js';
import { CASES_CHANNEL, PEOPLE } from './support/slack-app.js';
import { postAsTwilio, statusCallbackFields } from './support/twilio-webhooks.js';

/**
 * A text Twilio took can still fail on its way to the phone; Twilio says so later, in a status callback. Staff must
 * see that failure as they see one at send time: in the case's history and in its Slack thread, once.
 */
describe.each(dialects())('customer messages that fail, when sent or after Twilio took them, on %s', (dialect) => {
  let world: CustomerAndStaff;
  let db: DataSource;

  beforeAll(async () => {
    world = await CustomerAndStaff.start(dialect);
    db = world.server.app.get(DataSource);
  });

  afterAll(async () => {
    await world?.stop();
  });

  const p = (n: number) => (db.options.type === 'postgres' ? `$${n}` : '?');

  async function fileFor(number: string): Promise<string> {
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: number }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    if (filed.status !== 201) throw new Error(filed.text);
    return filed.body.reference as string;
  }

  /** The outbox message of a kind about a case, once the relay has handed it to Twilio. */
  async function handedOver(reference: string, kind: string): Promise<{ id: string; sid: string }> {
    return eventually(async () => {
      const [row] = await db.query(
        `SELECT id, status, provider_id AS "providerId" FROM outbox_messages WHERE reference = ${p(1)} AND channel = 'sms' AND kind = ${p(2)}`,
        [reference, kind],
      );
      expect(row).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^SM/) });
      return { id: row.id as string, sid: row.providerId as string };
    });
  }

  async function report(sid: string, to: string, status: string, errorCode?: string): Promise<void> {
    const fields = statusCallbackFields(world.account, { messageSid: sid, status, to, from: OUR_NUMBER, errorCode });
    const answered = await postAsTwilio(world.server.baseUrl, '/webhooks/twilio/status', fields, world.account);
    expect(answered.status).toBe(204);
  }

  const outboxStatus = async (id: string) =>
    (await db.query(`SELECT status, last_error AS "lastError" FROM outbox_messages WHERE id = ${p(1)}`, [id]))[0];
  const failures = async (reference: string) => (await world.history(reference)).filter((event) => event.type === 'message.delivery_failed');
  const notDelivered = (reference: string): SlackCall[] =>
    world.slack.of('chat.postMessage').filter((call) => String(call.args.text) === `Not delivered to the customer (${reference})`);

  it('an acknowledgement Twilio later reports undelivered: in the case history and in its Slack thread, naming the masked number', async () => {
    const number = '+447911123401';
    const reference = await fileFor(number);
    const cardTs = await world.cardTs(reference);
    const { id, sid } = await handedOver(reference, 'status_update');
    expect(world.twilio.sentTo(number).map((sms) => sms.body).join('\n')).toContain(`We have received your complaint ${reference}.`);

    await report(sid, number, 'sent');
    await report(sid, number, 'undelivered', '30003');

    expect(await outboxStatus(id)).toEqual({ status: 'failed', lastError: 'Twilio 30003: undelivered' });
    expect(await failures(reference)).toEqual([
      expect.objectContaining({
        actor: 'system:outbox',
        data: { channel: 'sms', kind: 'status_update', contact: '+44 •••• ••• 401', error: 'Twilio 30003: undelivered' },
      }),
    ]);
    const post = await world.slackPost(new RegExp(`Not delivered to the customer \\(${reference}\\)`));
    expect(post.args.channel).toBe(CASES_CHANNEL);
    expect(post.args.thread_ts).toBe(cardTs);
    const said = JSON.stringify(post.args.blocks);
    expect(said).toContain('a status update by SMS to +44 •••• ••• 401 could not be delivered (Twilio 30003: undelivered)');
    expect(said).not.toContain('7911123401');
  });

  it('settles a failure once, however often and in whatever order Twilio reports it', async () => {
    const number = '+447911123402';
    const reference = await fileFor(number);
    await world.cardTs(reference);
    const { id, sid } = await handedOver(reference, 'status_update');

    // the failure first, then the same callback again (Twilio retries), then older news arriving late
    await report(sid, number, 'failed', '30008');
    await report(sid, number, 'failed', '30008');
    await report(sid, number, 'sent');
    await report(sid, number, 'delivered');

    expect(await outboxStatus(id)).toEqual({ status: 'failed', lastError: 'Twilio 30008: failed' });
    await world.slackPost(new RegExp(`Not delivered to the customer \\(${reference}\\)`));
    await world.server.app.get(OutboxRelay).drain();
    expect(await failures(reference)).toHaveLength(1);
    expect(notDelivered(reference)).toHaveLength(1);
  });

  it('a text delivered stays delivered: a late failure report for it is not taken, and nobody is told', async () => {
    const number = '+447911123403';
    const reference = await fileFor(number);
    await world.cardTs(reference);
    const { id, sid } = await handedOver(reference, 'status_update');

    await report(sid, number, 'delivered');
    await report(sid, number, 'sent');
    await report(sid, number, 'undelivered', '30003');

    expect(await outboxStatus(id)).toEqual({ status: 'delivered', lastError: null });
    await world.server.app.get(OutboxRelay).drain();
    expect(await failures(reference)).toEqual([]);
    expect(notDelivered(reference)).toEqual([]);
  });

  it('a reply reaches the customer in exactly the words staff wrote, read from the case history when it is sent, as a reply kept whole before was', async () => {
    const number = '+447911123407';
    const reference = await fileFor(number);
    await handedOver(reference, 'status_update');
    const words = 'We found the second charge and refunded it.\nIt shows within 3 days.';
    await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: words } });
    const reply = await handedOver(reference, 'staff_reply');
    const [row] = await db.query(`SELECT payload FROM outbox_messages WHERE id = ${p(1)}`, [reply.id]);
    expect(row.payload).not.toContain('refunded');
    const sent = world.twilio.sentTo(number).find((sms) => sms.sid === reply.sid)!;
    expect(sent.body).toContain(words);

    // a reply kept whole in its row, as rows written before were, is worded the same
    const before = world.twilio.sentTo(number).length;
    const old = { ...JSON.parse(row.payload), variables: { ...JSON.parse(row.payload).variables, text: words } };
    delete old.textOf;
    const outbox = world.server.app.get(Outbox);
    await outbox.enqueue([{ reference, channel: 'sms', kind: 'staff_reply', recipient: { address: number }, payload: old }]);
    outbox.committed();
    await eventually(async () => expect(world.twilio.sentTo(number)).toHaveLength(before + 1));
    expect(world.twilio.sentTo(number).at(-1)!.body).toBe(sent.body);
  });

  it('a reply sent in two texts whose first Twilio reports failed while the second waits to be tried again: failed, and the rest never sent', async () => {
    const number = '+447911123406';
    const reference = await fileFor(number);
    await world.cardTs(reference);
    await handedOver(reference, 'status_update');

    // the first text is taken; Twilio is briefly down for the second
    let armed = false;
    world.twilio.answerDelay = () => {
      if (!armed) world.twilio.failNext({ status: 503, code: 20503, message: 'Service unavailable' });
      armed = true;
      return 0;
    };
    const long = 'We have looked at your account and found the second charge. '.repeat(3).trim();
    await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: long } });
    const row = await eventually(async () => {
      const [found] = await db.query(
        `SELECT id, status, last_error AS "lastError", next_attempt_at AS "nextAttemptAt" FROM outbox_messages WHERE reference = ${p(1)} AND kind = 'staff_reply'`,
        [reference],
      );
      // tried once: the first text taken, the second to be tried again
      expect(found).toMatchObject({ status: 'pending', lastError: 'Twilio 20503: Service unavailable' });
      return found;
    });
    world.twilio.answerDelay = () => 0;
    const [first] = await db.query(`SELECT message_sid AS sid FROM sms_deliveries WHERE outbox_message_id = ${p(1)} ORDER BY part`, [row.id]);
    const textsBefore = world.twilio.sentTo(number).length;

    await report(first.sid, number, 'undelivered', '30005');
    expect(await outboxStatus(row.id)).toEqual({ status: 'failed', lastError: 'Twilio 30005: undelivered (text 1 of 2)' });
    expect((await failures(reference)).map((event) => event.data)).toEqual([
      { channel: 'sms', kind: 'staff_reply', contact: '+44 •••• ••• 406', error: 'Twilio 30005: undelivered (text 1 of 2)' },
    ]);
    await world.slackPost(new RegExp(`Not delivered to the customer \\(${reference}\\)`));

    // when its retry would have been due, nothing more of it goes
    const now = world.server.clock.now().toISOString();
    world.server.clock.set(row.nextAttemptAt);
    await world.server.app.get(OutboxRelay).drain();
    world.server.clock.set(now);
    expect(world.twilio.sentTo(number)).toHaveLength(textsBefore);
  });

  /** The outbox row of a case's acknowledgement, whatever its status. */
  async function acknowledgement(reference: string): Promise<{ id: string; status: string; nextAttemptAt: string }> {
    const [row] = await db.query(
      `SELECT id, status, next_attempt_at AS "nextAttemptAt" FROM outbox_messages WHERE reference = ${p(1)} AND channel = 'sms' AND kind = 'status_update'`,
      [reference],
    );
    return row;
  }

  const keptEarly = async (sid: string) => db.query(`SELECT provider_status AS status FROM sms_early_statuses WHERE message_sid = ${p(1)}`, [sid]);

  it('a failure Twilio reports before its answer to the send reached us: kept, and taken once the text is recorded', async () => {
    const number = '+447911123408';
    const answer = world.twilio.holdNextAnswer();
    const reference = await fileFor(number);
    const cardTs = await world.cardTs(reference);
    const taken = await eventually(async () => {
      const [sms] = world.twilio.sentTo(number);
      expect(sms).toBeDefined();
      return sms;
    });

    // Twilio took the text and reports on it while its answer to the send is still on the way
    await report(taken.sid, number, 'sent');
    await report(taken.sid, number, 'undelivered', '30003');
    const { id } = await acknowledgement(reference);
    expect(await outboxStatus(id)).toEqual({ status: 'sending', lastError: null });
    expect(await failures(reference)).toEqual([]);

    answer();
    await eventually(async () => expect(await outboxStatus(id)).toEqual({ status: 'failed', lastError: 'Twilio 30003: undelivered' }));
    expect((await failures(reference)).map((event) => event.data)).toEqual([
      { channel: 'sms', kind: 'status_update', contact: '+44 •••• ••• 408', error: 'Twilio 30003: undelivered' },
    ]);
    const post = await world.slackPost(new RegExp(`Not delivered to the customer \\(${reference}\\)`));
    expect(post.args.thread_ts).toBe(cardTs);
    expect(await keptEarly(taken.sid)).toEqual([]);
    await world.server.app.get(OutboxRelay).drain();
    expect(notDelivered(reference)).toHaveLength(1);
  });

  it('a failure reported for a text whose answer was lost: taken when the retry finds the text at Twilio, and nothing sent twice', async () => {
    const number = '+447911123409';
    world.twilio.loseAnswers(1);
    const reference = await fileFor(number);
    await world.cardTs(reference);
    const pending = await eventually(async () => {
      const row = await acknowledgement(reference);
      expect(row.status).toBe('pending');
      return row;
    });
    const [taken] = world.twilio.sentTo(number);
    await report(taken.sid, number, 'failed', '30006');
    expect(await keptEarly(taken.sid)).toEqual([{ status: 'failed' }]);

    // the retry looks for the text in Twilio's list, finds it, and records it rather than send it again
    const now = world.server.clock.now().toISOString();
    world.server.clock.set(pending.nextAttemptAt);
    await world.server.app.get(OutboxRelay).drain();
    world.server.clock.set(now);
    await eventually(async () => expect(await outboxStatus(pending.id)).toEqual({ status: 'failed', lastError: 'Twilio 30006: failed' }));
    expect(world.twilio.sentTo(number)).toHaveLength(1);
    expect(await failures(reference)).toHaveLength(1);
    expect(await keptEarly(taken.sid)).toEqual([]);
  });

  it('a staff reply Twilio refuses at send time goes the same way: history and thread, with the masked number', async () => {
    const number = '+447911123404';
    const reference = await fileFor(number);
    const cardTs = await world.cardTs(reference);
    await handedOver(reference, 'status_update');

    world.twilio.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const replied = await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'We have refunded you.' } });
    expect(replied.status).toBe(201);

    const [failure] = await eventually(async () => {
      const found = await failures(reference);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(failure.data).toEqual({ channel: 'sms', kind: 'staff_reply', contact: '+44 •••• ••• 404', error: 'Twilio 21610: Attempt to send to unsubscribed recipient' });
    const post = await world.slackPost(new RegExp(`Not delivered to the customer \\(${reference}\\)`));
    expect(post.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(post.args.blocks)).toContain('a staff reply by SMS to +44 •••• ••• 404 could not be delivered (Twilio 21610');
  });

  it('a reply to someone who asked for a person outside any complaint, refused by Twilio: told under their request in Slack', async () => {
    const sam = world.sms('+447911123405');
    expect((await sam.text('Hello')).replies.join('\n')).toContain('What would you like to do?');
    expect((await sam.text('talk to a person')).replies.join('\n')).toContain('I have asked a person to contact you.');
    const request = await world.slackPost(/A customer asks to talk to a person on SMS/);
    const button = request.args.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.text?.text === 'Reply to customer');
    const requestTs = await eventually(async () => {
      const [row] = await db.query(`SELECT ts FROM slack_hand_off_posts WHERE hand_off_id = ${p(1)}`, [button.value]);
      expect(row?.ts).toBeDefined();
      return String(row.ts);
    });

    world.twilio.failNext({ status: 400, code: 21614, message: 'To number is not a mobile number' });
    const view = await world.openModal(button.action_id, button.value, requestTs, PEOPLE.handler);
    expect((await world.submitText(view, PEOPLE.handler, 'Hello, this is Priya.')).status).toBe(200);

    const failed = await world.slackPost(/Not delivered to the customer who asked for a person/);
    expect(failed.args.thread_ts).toBe(requestTs);
    expect(JSON.stringify(failed.args.blocks)).toContain('the reply by SMS to +44 •••• ••• 405 could not be delivered (Twilio 21614: To number is not a mobile number)');
    await world.server.app.get(OutboxRelay).drain();
    expect(world.slack.of('chat.postMessage').filter((call) => /Not delivered to the customer who asked/.test(String(call.args.text)))).toHaveLength(1);
  });
});
