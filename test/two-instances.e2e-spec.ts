import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { openDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeSlack, type SlackCall } from './support/fake-slack.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { RoundRobinProxy } from './support/round-robin-proxy.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';
import { BOT_TOKEN, CASES_CHANNEL, PEOPLE } from './support/slack-app.js';
import { SIGNING_SECRET } from './support/slack-requests.js';
import { turnOrder } from './support/sms-turn-order.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient, DirectLineStream } from './support/web-chat.js';

jest.setTimeout(240_000);

const OUR_NUMBER = '+447700900123';
const SMS_CUSTOMERS = Array.from({ length: 10 }, (_, i) => `+4474007000${10 + i}`);
/** Texts while the kill waits for a reply on its way to Twilio, once the customers are done. */
const EXTRA_CUSTOMER = '+447400700099';
// No carrier keyword (HELP, STOP…) among them: each is a dialog turn with a reply.
const SCRIPT = ['Hello', 'Make a complaint', 'My bill was wrong twice this month', 'Billing', 'start again', 'menu'];
/** Complaints filed a month ago: every deadline of theirs has passed, and the deadline watch alerts on each once. */
const OVERDUE_COMPLAINTS = 6;
const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;
const OVERDUE_DESCRIPTION = 'Charged twice, case';
const STAFF_KEY = 'two-instances-staff-key-0123456789';
const STAFF = { authorization: `Bearer ${STAFF_KEY}`, 'content-type': 'application/json', 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

function blocksText(call: SlackCall): string {
  return `${call.args.text ?? ''} ${JSON.stringify(call.args.blocks ?? '')}`;
}

/**
 * Two Redress servers, built and run as `npm start` runs them, on one throwaway PostgreSQL database with the same
 * secrets, behind a round-robin proxy on 127.0.0.1 (as behind nginx), with Twilio and Slack faked locally. Runs where
 * PostgreSQL is (scripts/with-throwaway-postgres.sh): several instances need it.
 */
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('two instances behind a round-robin proxy on one PostgreSQL database', () => {
  const account = { ...testTwilioAccount() };
  let twilio: FakeTwilio;
  let slack: FakeSlack;
  let proxy: RoundRobinProxy;
  let databaseTarget: string;
  let cleanUp: (() => Promise<void>) | undefined;
  const secondDataDir = mkdtempSync(join(tmpdir(), 'redress-two-'));
  const ports: number[] = [];
  const envs: Record<string, string>[] = [];
  const servers: (ServerProcess | undefined)[] = [];
  const streams: DirectLineStream[] = [];

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    slack = await new FakeSlack().start();
    ports.push(await freePort(), await freePort());
    proxy = await new RoundRobinProxy(ports.map((port) => ({ host: '127.0.0.1', port }))).start();
    // Twilio signs the address it calls, which is the proxy's: the public one
    account.publicUrl = proxy.url;
    const data = await processData('postgres', 'redress-two-');
    ({ databaseTarget, cleanUp } = data);
    const shared = {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: data.env.DATABASE_URL,
      STAFF_API_KEY: STAFF_KEY,
      AUDIT_KEY: 'two-instances-audit-key-0123456789abcdef01234567',
      DIRECTLINE_TOKEN_SECRET: 'two-instances-direct-line-secret-0123456789abcdef',
      SLACK_METADATA_KEY: 'two-instances-slack-metadata-key-0123456789abcdef',
      ...smsSettings(account, twilio.url, OUR_NUMBER),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_CASES_CHANNEL: CASES_CHANNEL,
      SLACK_HANDLERS: PEOPLE.handler,
      SLACK_SUPERVISORS: PEOPLE.supervisor,
      TRUST_PROXY: 'loopback',
      // a killed instance's claims come back to the other soon
      CLAIM_LEASE_SECONDS: '5',
      // the customers here type faster than anyone could: the limits meant for abuse must not slow them
      CHAT_MESSAGES_PER_MINUTE: '100000',
      CHAT_STARTS_PER_MINUTE: '100000',
      // what one instance writes reaches a stream on the other by NOTIFY, not by this re-read
      WEBCHAT_STREAM_REREAD_SECONDS: '86400',
    };
    // each instance calls Slack at an address of its own, so that the fake knows which instance posted what
    envs.push(
      { ...shared, PORT: String(ports[0]), DATA_DIR: data.env.DATA_DIR, SLACK_API_URL: slack.apiUrlFor('first') },
      { ...shared, PORT: String(ports[1]), DATA_DIR: secondDataDir, SLACK_API_URL: slack.apiUrlFor('second') },
    );
    // one after the other: the first runs the migrations
    for (const index of [0, 1]) {
      servers[index] = runServer(envs[index]);
      await waitForHealth(`http://127.0.0.1:${ports[index]}`, servers[index]!.exited);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all(servers.map((server) => stopServer(server)));
    await proxy?.stop();
    await twilio?.stop();
    await slack?.stop();
    await cleanUp?.();
    rmSync(secondDataDir, { recursive: true, force: true });
  }, 60_000);

  const staffCall = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(proxy.url + path, { method, headers: STAFF, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('completes a web chat complaint whose posts and stream are spread across both instances', async () => {
    const client = await DirectLineClient.start(proxy.url);
    expect(new URL(client.streamUrl!).host).toBe(new URL(proxy.url).host);
    const stream = await DirectLineStream.open(client.streamUrl!);
    try {
      await stream.waitForBot(/What would you like to do\?/);
      const say = async (text: string, expected: RegExp) => stream.waitForBot(expected, await client.say(text));
      await say('Make a complaint', /Please tell me what happened/);
      await say('My order arrived broken.', /What is your complaint about\?/);
      await say('Delivery', /When did it happen\?/);
      await say('yesterday', /What would put it right for you\?/);
      await say('A new one', /How should we keep you updated\?/);
      await say('In this chat', /Shall I send it\?/);
      const receipt = await say('Send it', REFERENCE);
      const reference = REFERENCE.exec(receipt.text!)![1];

      // both instances took the customer's posts; the stream is open on one of them
      const posts = `/v3/directline/conversations/${client.conversationId}/activities`;
      expect([0, 1].map((backend) => proxy.answered(backend, posts).length > 0)).toEqual([true, true]);
      expect(proxy.proxied.filter((p) => p.status === 101 && p.path.includes(client.conversationId))).toHaveLength(1);

      // once each and in order: the same as a poll of the whole conversation
      const ids = stream.activities.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      await client.poll();
      expect(ids).toEqual(client.seen.map((a) => a.id));

      const complaint = await staffCall('GET', `/api/complaints/${reference}`);
      expect(complaint).toMatchObject({ status: 200, body: { reference, channel: 'webchat', category: 'delivery' } });
    } finally {
      await stream.close();
    }
  });

  it('loses nothing acknowledged, does nothing twice and keeps each customer\'s order when one instance is killed mid-load', async () => {
    // Twilio takes each text at once and answers a little later, so some answers are on their way at the kill.
    twilio.answerDelay = () => 50 + Math.floor(Math.random() * 200);
    // A customer in web chat whose stream is open on the instance about to be killed.
    const chat = await DirectLineClient.start(proxy.url);
    let stream: DirectLineStream | undefined;
    while (!stream) {
      const before = proxy.proxied.length;
      const opened = await DirectLineStream.open(chat.streamUrl!);
      streams.push(opened);
      if (proxy.proxied.slice(before).some((p) => p.status === 101 && p.backend === 1)) stream = opened;
      else await opened.close();
    }
    await stream.waitForBot(/What would you like to do\?/);

    const acked: string[] = [];
    const ackedOn: number[] = [0, 0];
    let killed = false;
    // A text not acknowledged (its instance died with it) is sent again with the same MessageSid, as Twilio retries.
    const text = async (from: string, body: string) => {
      const fields = inboundSmsFields(account, { from, to: OUR_NUMBER, body });
      for (;;) {
        const before = proxy.proxied.length;
        const answer = await postAsTwilio(proxy.url, '/webhooks/twilio/sms', fields, account).catch(() => ({ status: 0 }));
        if (answer.status === 200) {
          acked.push(fields.MessageSid);
          const served = proxy.proxied.slice(before).find((p) => p.path === '/webhooks/twilio/sms' && p.status === 200);
          if (served && !killed) ackedOn[served.backend]++;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    // Each customer texts through the proxy, the next text once the last was acknowledged.
    const customer = async (from: string) => {
      for (const body of SCRIPT) await text(from, body);
    };
    const customers = SMS_CUSTOMERS.map(customer);

    await eventually(async () => {
      if (acked.length < 10 || ackedOn[0] === 0 || ackedOn[1] === 0) throw new Error('not yet under load');
    }, 4000);
    // Filed through the proxy while the texts come in: their cards and missed-deadline alerts go to Slack around the
    // kill. Slack is slow to answer, most of all in threads, and answers a card the instance about to be killed posts
    // later still, so that its card is on its way while another case's alerts are.
    slack.answerDelay = (method, args, caller) => {
      if (method !== 'chat.postMessage') return 0;
      if (args.thread_ts) return 1500 + Math.floor(Math.random() * 1500);
      return caller === 'second' ? 15_000 : 200 + Math.floor(Math.random() * 300);
    };
    let cardOfKilled: SlackCall | undefined;
    let releaseText: (() => void) | undefined;
    const kill = () => {
      servers[1]!.child.kill('SIGKILL');
      killed = true;
    };
    // The moment the instance about to be killed has posted a card, and not yet heard where it is, while Twilio has
    // a text unanswered and Slack an alert in a thread: in the same tick, the instance dies.
    const unanswered = () => twilio.sent.filter((sms) => !sms.answered);
    const alerting = () => slack.inFlight().filter((call) => call.args.thread_ts && blocksText(call).includes('Deadline missed'));
    const cardOnItsWay = () =>
      slack.inFlight().find((call) => call.caller === 'second' && call.method === 'chat.postMessage' && !call.args.thread_ts && blocksText(call).includes(OVERDUE_DESCRIPTION));
    const killIfMidSend = () => {
      if (killed) return;
      const card = cardOnItsWay();
      if (!card || alerting().length === 0 || unanswered().length === 0) return;
      cardOfKilled = card;
      kill();
    };
    slack.onCall = killIfMidSend;
    const receivedAt = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
    let filedOverdue = 0;
    const fileOverdue = async () => {
      const i = filedOverdue++;
      const body = { channel: 'api', contact: { kind: 'email', value: `overdue-${i}@example.org` }, category: 'billing', description: `${OVERDUE_DESCRIPTION} ${i}.`, receivedAt };
      // one filed on the instance as it is killed may or may not have been: the cases are counted from the database
      const filed = await staffCall('POST', '/api/complaints', body).catch(() => ({ status: 0, body: null }));
      expect([0, 201]).toContain(filed.status);
    };
    for (let i = 0; i < OVERDUE_COMPLAINTS; i++) await fileOverdue();

    // Until the moment comes: another case while no card of the instance to be killed, or no alert, is on its way;
    // a text whose reply Twilio holds while none is unanswered (the customers may have finished).
    let extraTexts = 0;
    await eventually(async () => {
      killIfMidSend();
      if (killed) return;
      if ((!cardOnItsWay() || alerting().length === 0) && filedOverdue < OVERDUE_COMPLAINTS + 40) await fileOverdue();
      else if (unanswered().length === 0 && !releaseText) {
        releaseText = twilio.holdNextAnswer();
        extraTexts++;
        await text(EXTRA_CUSTOMER, 'Hello');
      }
      killIfMidSend();
      if (!killed) throw new Error('not yet mid-send');
    }, 4000);
    slack.onCall = () => undefined;
    // The moment has passed: Slack answers at once again, so the recovery below is bounded by the other instance's
    // work, not by a slow Slack's answers timing out and being retried over dozens of cases.
    slack.answerDelay = () => 0;
    releaseText?.();
    expect(cardOfKilled).toBeDefined();
    await servers[1]!.exited;
    await Promise.all(customers);
    expect(acked).toHaveLength(SMS_CUSTOMERS.length * SCRIPT.length + extraTexts);

    // The stream died with its instance; the client opens it again from its watermark, through the proxy, on the other.
    expect((await stream.closed).code).not.toBe(1000);
    const again = await chat.connect(stream.watermark);
    streams.push(again);
    const posted = await chat.say('Make a complaint');
    await again.waitForBot(/Please tell me what happened/, posted);
    const ids = [...stream.activities, ...again.activities].map((a) => a.id);
    await chat.poll();
    expect(ids).toEqual(chat.seen.map((a) => a.id));

    const db = await openDatabase('postgres', databaseTarget);
    try {
      const overdue = (await db.all(`SELECT reference FROM complaints WHERE description LIKE '${OVERDUE_DESCRIPTION}%'`)).map((row) => row.reference as string);
      // (the one being filed on the instance as it was killed may be missing)
      expect(overdue.length).toBeGreaterThanOrEqual(filedOverdue - 1);
      const killedCase = (cardOfKilled!.args.metadata as { event_payload: { reference: string } }).event_payload.reference;
      expect(overdue).toContain(killedCase);

      // each case's card is in Slack once, recorded where it is, soon after the kill: the card the killed instance
      // posted and never recorded is found in the channel by the other, not posted again nor waited for
      await eventually(async () => {
        const rows = await db.all(`SELECT reference, ts FROM slack_case_cards WHERE reference IN (${overdue.map((r) => `'${r}'`).join(',')}) AND ts IS NOT NULL`);
        if (rows.length < overdue.length) throw new Error(`${overdue.length - rows.length} cards not yet recorded`);
      }, 1600);
      for (const reference of overdue) {
        const cards = slack.of('chat.postMessage').filter((call) => !call.args.thread_ts && call.args.metadata?.event_payload?.reference === reference);
        const [{ ts }] = await db.all(`SELECT ts FROM slack_case_cards WHERE reference = '${reference}'`);
        expect({ reference, cards: cards.map((call) => call.ts) }).toEqual({ reference, cards: [ts] });
      }
      expect(slack.of('chat.postMessage').filter((call) => !call.args.thread_ts && call.args.metadata?.event_payload?.reference === killedCase)).toEqual([cardOfKilled]);
      await eventually(async () => {
        const [{ n: unhandled }] = await db.all(`SELECT COUNT(*) AS n FROM inbound_messages WHERE handled_at IS NULL`);
        // what is owed now, not the checks the deadline watch and the surveys scheduled for days ahead
        const soon = new Date(Date.now() + 60_000).toISOString();
        const [{ n: owed }] = await db.all(`SELECT COUNT(*) AS n FROM outbox_messages WHERE status IN ('pending', 'sending') AND next_attempt_at <= '${soon}'`);
        if (Number(unhandled) + Number(owed) > 0) throw new Error(`still recovering: ${unhandled} texts, ${owed} messages`);
      }, 4000);

      // every text acknowledged, on either instance, was handled once, and its reply went out
      const quoted = acked.map((sid) => `'${sid}'`).join(',');
      const handled = await db.all(`SELECT outcome FROM inbound_messages WHERE channel = 'sms' AND provider_id IN (${quoted})`);
      expect(handled).toHaveLength(acked.length);
      expect(new Set(handled.map((row) => row.outcome))).toEqual(new Set(['dialog']));
      const replies = await db.all(`SELECT status FROM outbox_messages WHERE dedupe_key IN (${acked.map((sid) => `'sms:turn:${sid}'`).join(',')})`);
      expect(replies).toHaveLength(acked.length);
      expect(replies.filter((row) => row.status !== 'sent' && row.status !== 'delivered')).toEqual([]);

      // nothing sent twice: every text Twilio took is one recorded text of one reply
      const recorded = new Set((await db.all(`SELECT message_sid AS sid FROM sms_deliveries`)).map((row) => row.sid as string));
      expect(twilio.sent.filter((sms) => !recorded.has(sms.sid)).map((sms) => `${sms.to}: ${sms.body}`)).toEqual([]);
      expect(twilio.sent).toHaveLength(recorded.size);

      // each customer read every reply's texts before the next reply's
      for (const number of SMS_CUSTOMERS) {
        const report = await turnOrder(db.all, twilio.sent, number);
        expect(report.handedOver.length).toBeGreaterThan(0);
        expect(report.incomplete).toEqual([]);
        expect({ number, texts: report.handedOver }).toEqual({ number, texts: report.inTurnOrder });
      }

      // every missed deadline of the overdue complaints was alerted in Slack once: no alert twice, none lost
      for (const reference of overdue) {
        const alerts = slack.of('chat.postMessage').filter((call) => blocksText(call).includes(`*Deadline missed* on ${reference}`));
        const owedAlerts = await db.all(`SELECT status FROM outbox_messages WHERE kind = 'deadline_missed' AND reference = '${reference}'`);
        expect(owedAlerts.length).toBeGreaterThan(0);
        expect({ reference, statuses: owedAlerts.map((row) => row.status) }).toEqual({ reference, statuses: owedAlerts.map(() => 'sent') });
        expect({ reference, alerts: alerts.length }).toEqual({ reference, alerts: owedAlerts.length });
        expect({ reference, distinct: new Set(alerts.map(blocksText)).size }).toEqual({ reference, distinct: alerts.length });
      }
      // each case's alerts are in the thread of its one card
      for (const reference of overdue) {
        const [{ ts }] = await db.all(`SELECT ts FROM slack_case_cards WHERE reference = '${reference}'`);
        const alerts = slack.of('chat.postMessage').filter((call) => blocksText(call).includes(`*Deadline missed* on ${reference}`));
        expect({ reference, threads: [...new Set(alerts.map((call) => call.args.thread_ts))] }).toEqual({ reference, threads: [ts] });
      }

      // and nothing else was posted twice in Slack either: each post is one message of one thread
      const posts = slack.of('chat.postMessage').map((call) => `${call.args.channel} ${call.args.thread_ts ?? ''} ${blocksText(call)}`);
      const twice = posts.filter((post, index) => posts.indexOf(post) !== index);
      expect(twice).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
