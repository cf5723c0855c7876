import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects, openDatabase } from './support/databases.js';
import { emailFixture } from './support/email-fixtures.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { INBOUND_SIGNING_KEY, postToMailgunRoute } from './support/mailgun-posts.js';
import { freePort, processData, runServer, stopServer, waitForHealth, type ServerProcess } from './support/server-process.js';
import { turnOrder } from './support/sms-turn-order.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';
import { SmtpInbox } from './support/smtp-inbox.js';

const OUR_NUMBER = '+447700900123';
const SMS_CUSTOMERS = Array.from({ length: 6 }, (_, i) => `+4474001000${10 + i}`);
const CHATS = 6;
/** Chat messages a customer sends at once, before the first is answered. */
const BURST = 10;
// No carrier keyword (HELP, STOP…) among them: those are answered without a dialog turn.
const EMAIL_CUSTOMERS = 4;
/**
 * Emails one address sends before the stream moves to the next: below the answers a day Redress gives an address
 * (MOST_ANSWERS_A_DAY), so every acknowledged email here is owed exactly one answer.
 */
const EMAILS_PER_ADDRESS = 9;
/** Customers who complain by SMS, agree to be asked how we did, and whose complaints are closed before the kill. */
const SURVEY_CUSTOMERS = ['+447400200091', '+447400200092'];
const SURVEYED_INTAKE = ['Make a complaint', 'I was charged twice', 'Billing', 'last Tuesday', 'A refund', 'By text to this number', 'Send it', 'Yes'];
const SURVEY_QUESTION = 'How happy are you with how we handled it?';
const SCRIPT = ['Make a complaint', 'My bill was wrong twice this month', 'Billing', 'last Tuesday', 'A refund', 'start again', 'menu'];

describe.each(dialects())('a server killed mid-stream on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilioFake: FakeTwilio;
  let smtp: SmtpInbox;
  let env: Record<string, string>;
  let databaseTarget: string;
  let cleanUp: () => Promise<void>;
  let server: ServerProcess | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    twilioFake = await new FakeTwilio(account.accountSid, account.authToken).start();
    smtp = await new SmtpInbox().start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      STAFF_API_KEY: 'restart-test-staff-key',
      DIRECTLINE_TOKEN_SECRET: 'restart-test-direct-line-secret-0123456789',
      ...smsSettings(account, twilioFake.url, OUR_NUMBER),
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'complaints@redress.example',
      EMAIL_INBOUND_SIGNING_KEY: INBOUND_SIGNING_KEY,
      CLAIM_LEASE_SECONDS: '5',
      // the customers here type faster than anyone could: the limit meant for abuse must not slow them
      CHAT_MESSAGES_PER_MINUTE: '100000',
    };
    const data = await processData(dialect, 'redress-restart-');
    ({ databaseTarget, cleanUp } = data);
    Object.assign(env, data.env);
    // Surveys due two seconds after closure; the only quiet minute is half a day away from this run.
    const quiet = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
    const conduct = join(data.env.DATA_DIR, 'code-of-conduct.yaml');
    writeFileSync(
      conduct,
      `profile: default\nsatisfactionSurvey:\n  delay: PT2S\n  timeZone: UTC\n  quietHours: { from: '${quiet}:00', until: '${quiet}:01' }\n`,
    );
    env.CODE_OF_CONDUCT_FILE = conduct;
  });

  afterAll(async () => {
    await stopServer(server);
    await twilioFake?.stop();
    await smtp?.stop();
    await cleanUp?.();
  });

  async function start(): Promise<void> {
    server = runServer(env);
    await waitForHealth(baseUrl, server.exited);
  }

  /** A customer files a complaint by SMS and agrees to a survey; staff close it. Answers its reference. */
  async function closedWithSurveyConsent(number: string): Promise<string> {
    for (const body of SURVEYED_INTAKE) {
      const answer = await postAsTwilio(baseUrl, '/webhooks/twilio/sms', inboundSmsFields(account, { from: number, to: OUR_NUMBER, body }), account);
      expect(answer.status).toBe(200);
    }
    const staff = { authorization: `Bearer ${env.STAFF_API_KEY}`, 'content-type': 'application/json', 'x-staff-id': 'U0SUPER', 'x-staff-role': 'supervisor' };
    const reference = await eventually(async () => {
      const listed = (await (await fetch(`${baseUrl}/api/complaints?category=billing&pageSize=100`, { headers: staff })).json()) as { items: { reference: string; contact: { masked: string } }[] };
      // the API shows the contact masked, down to its last three digits
      const mine = listed.items.find((item) => item.contact.masked.endsWith(number.slice(-3)));
      if (!mine) throw new Error(`no complaint from ${number} yet`);
      const history = (await (await fetch(`${baseUrl}/api/complaints/${mine.reference}/history`, { headers: staff })).json()) as { events: { type: string }[] };
      if (!history.events.some((event) => event.type === 'satisfaction.consent_recorded')) throw new Error('no consent yet');
      return mine.reference;
    }, 600);
    const assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
    const { status } = (await (await fetch(`${baseUrl}/api/complaints/${reference}`, { headers: staff })).json()) as { status: string };
    for (const step of [
      ...(status === 'received' ? [{ action: 'acknowledge' }] : []),
      { action: 'assess', assessment },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the second charge.' },
      { action: 'accept_response' },
      { action: 'close', outcome: 'Refunded' },
    ]) {
      const done = await fetch(`${baseUrl}/api/complaints/${reference}/actions`, { method: 'POST', headers: staff, body: JSON.stringify(step) });
      expect({ step: step.action, status: done.status }).toEqual({ step: step.action, status: 200 });
    }
    return reference;
  }

  it('stores and handles every acknowledged message exactly once, and delivers every pending reply', async () => {
    await start();
    // Closed before Twilio goes down and the server is killed: each survey falls due and waits in the outbox meanwhile.
    const surveyed = await Promise.all(SURVEY_CUSTOMERS.map(closedWithSurveyConsent));
    // Twilio and the mail relay are down: replies pile up in the outbox, pending, when the server dies.
    twilioFake.down = true;
    smtp.down = true;
    const chats = await Promise.all(Array.from({ length: CHATS }, () => DirectLineClient.start(baseUrl)));

    const ackedSms: string[] = [];
    const ackedChat: { chat: DirectLineClient; id: string }[] = [];
    const ackedEmail: string[] = [];
    let killed = false;
    const smsStream = async (from: string) => {
      for (let i = 0; !killed; i++) {
        const fields = inboundSmsFields(account, { from, to: OUR_NUMBER, body: SCRIPT[i % SCRIPT.length] });
        try {
          const answer = await postAsTwilio(baseUrl, '/webhooks/twilio/sms', fields, account);
          if (answer.status === 200) ackedSms.push(fields.MessageSid);
        } catch {
          return; // the connection died with the server: Twilio would retry, nothing was acknowledged
        }
      }
    };
    // A customer typing quickly: a few messages sent before the first is answered, each owed its own turn, in order.
    const chatStream = async (chat: DirectLineClient) => {
      for (let i = 0; !killed; i += BURST) {
        const burst = Array.from({ length: BURST }, (_, k) => i + k).map(async (n) => {
          const answer = await chat.post({ type: 'message', text: SCRIPT[n % SCRIPT.length], locale: 'en-GB', channelData: { clientActivityID: `c-${n}` } });
          if (answer.status === 200) ackedChat.push({ chat, id: answer.body.id });
        });
        // the connection died with the server: the client would retry, nothing was acknowledged
        if ((await Promise.allSettled(burst)).some((result) => result.status === 'rejected')) return;
      }
    };
    // Customers writing new emails one after another, through signed Mailgun posts: each a turn of its own, answered.
    const emailStream = async (customer: number) => {
      for (let i = 0; !killed; i++) {
        const messageId = `<restart-${customer}-${i}@example.org>`;
        const raw = emailFixture('new-complaint.eml')
          .replace(/^Message-ID: .*$/m, `Message-ID: ${messageId}`)
          .replace(/^From: .*$/m, `From: <email-${customer}-${Math.floor(i / EMAILS_PER_ADDRESS)}@example.org>`);
        try {
          const answer = await postToMailgunRoute(baseUrl, raw);
          if (answer.status === 200) ackedEmail.push(messageId);
        } catch {
          return; // the connection died with the server: Mailgun would retry, nothing was acknowledged
        }
      }
    };
    const streams = [
      ...SMS_CUSTOMERS.map(smsStream),
      ...chats.map(chatStream),
      ...Array.from({ length: EMAIL_CUSTOMERS }, (_, customer) => emailStream(customer)),
    ];

    await eventually(async () => {
      if (ackedSms.length < 20 || ackedChat.length < 20 || ackedEmail.length < 2 * EMAIL_CUSTOMERS) throw new Error('still streaming');
    }, 2400); // under this load an email's post is answered in seconds, not milliseconds
    server!.child.kill('SIGKILL');
    await server!.exited;
    killed = true;
    await Promise.all(streams);

    // Back up, Twilio and the mail relay with it.
    twilioFake.down = false;
    smtp.down = false;
    await start();
    const db = await openDatabase(dialect, databaseTarget);
    try {
      const quoted = (ids: string[]) => ids.map((id) => `'${id}'`).join(',');
      await eventually(async () => {
        const unhandled = await db.all(`SELECT channel FROM inbound_messages WHERE handled_at IS NULL`);
        const owed = await db.all(`SELECT id FROM outbox_messages WHERE channel NOT IN ('scheduler', 'survey-scheduler') AND status IN ('pending', 'sending')`);
        if (unhandled.length + owed.length > 0) throw new Error(`still recovering: ${unhandled.length} messages, ${owed.length} replies`);
      }, 2400); // replies that failed while Twilio was down wait out their backoff first

      // Every text Twilio was told we had is stored, handled once, and its reply was sent.
      const inbound = await db.all(`SELECT provider_id, outcome FROM inbound_messages WHERE channel = 'sms' AND provider_id IN (${quoted(ackedSms)})`);
      expect(inbound).toHaveLength(ackedSms.length);
      expect(new Set(inbound.map((row) => row.outcome))).toEqual(new Set(['dialog']));
      const turns = await db.all(
        `SELECT dedupe_key, status FROM outbox_messages WHERE dedupe_key IN (${quoted(ackedSms.map((sid) => `sms:turn:${sid}`))})`,
      );
      expect(turns).toHaveLength(ackedSms.length);
      expect(turns.filter((row) => row.status !== 'sent' && row.status !== 'delivered')).toEqual([]);
      // Each SMS customer read every reply once, and the replies in the order they texted.
      for (const number of SMS_CUSTOMERS) {
        const report = await turnOrder(db.all, twilioFake.sent, number);
        expect(report.handedOver.length).toBeGreaterThan(0);
        expect(report.incomplete).toEqual([]);
        expect({ number, texts: report.handedOver }).toEqual({ number, texts: report.inTurnOrder });
      }

      // Every web chat message the client was told we had was run once: one set of replies, never repeated.
      const ids = ackedChat.map((a) => a.id);
      const chatTurns = await db.all(`SELECT payload, outcome FROM inbound_messages WHERE channel = 'webchat'`);
      const outcomeOf = new Map(chatTurns.map((row) => [(JSON.parse(row.payload) as { activityId: string }).activityId, row.outcome]));
      expect(ids.filter((id) => outcomeOf.get(id) !== 'dialog')).toEqual([]);
      const replies = await db.all(`SELECT body FROM webchat_activities WHERE inbound = ${dialect === 'postgres' ? 'false' : '0'}`);
      const repliesTo = new Map<string, string[]>();
      for (const { body } of replies) {
        const activity = JSON.parse(body) as { replyToId?: string; text?: string };
        if (!activity.replyToId) continue;
        repliesTo.set(activity.replyToId, [...(repliesTo.get(activity.replyToId) ?? []), activity.text ?? '']);
      }
      for (const id of ids) {
        const texts = repliesTo.get(id) ?? [];
        expect({ id, answered: texts.length > 0 }).toEqual({ id, answered: true });
        expect({ id, texts: new Set(texts).size }).toEqual({ id, texts: texts.length });
      }

      // Every email Mailgun was told we had is stored, handled once, and answered once: one answer keyed to it in the
      // outbox, sent, and one email in the mail relay threaded under it.
      const emails = await db.all(`SELECT provider_id, outcome FROM inbound_messages WHERE channel = 'email' AND provider_id IN (${quoted(ackedEmail)})`);
      expect(emails).toHaveLength(ackedEmail.length);
      expect(emails.filter((row) => row.outcome !== 'asked_category' && row.outcome !== 'added_to_story')).toEqual([]);
      const answers = await db.all(
        `SELECT dedupe_key, status FROM outbox_messages WHERE dedupe_key IN (${quoted(ackedEmail.map((id) => `email:answer:${id}`))})`,
      );
      expect(answers).toHaveLength(ackedEmail.length);
      expect(answers.filter((row) => row.status !== 'sent' && row.status !== 'delivered')).toEqual([]);
      for (const id of ackedEmail) {
        const received = smtp.received.filter((email) => email.parsed.inReplyTo === id);
        expect({ id, answers: received.length }).toEqual({ id, answers: 1 });
      }

      // Each closed complaint's survey was sent once, across the kill: one survey recorded, one text handed to Twilio.
      const surveys = await db.all(`SELECT reference, status FROM satisfaction_surveys WHERE reference IN (${quoted(surveyed)})`);
      expect(surveys.map((row) => row.status)).toEqual(surveyed.map(() => 'sent'));
      for (const number of SURVEY_CUSTOMERS) {
        const invitations = twilioFake.sent.filter((sms) => sms.to === number && sms.body.includes(SURVEY_QUESTION));
        expect({ number, invitations: invitations.length }).toEqual({ number, invitations: 1 });
      }
    } finally {
      await db.close();
    }
  }, 240_000);
});
