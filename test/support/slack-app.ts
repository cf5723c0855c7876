import { DataSource } from 'typeorm';
import { SlackReceiver } from '../../adapters/slack/slack-receiver.js';
import { CaseHistory } from '../../src/audit/case-history.js';
import { InboundPipeline } from '../../src/inbound/inbound-pipeline.js';
import type { ChannelNotifier } from '../../src/notifications/channel-notifier.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { NotifierRegistry } from '../../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../../src/notifications/outbox-relay.js';
import type { Dialect } from './databases.js';
import { eventually } from './eventually.js';
import { FakeSlack } from './fake-slack.js';
import { sendToSlackEndpoint, SIGNING_SECRET, type SlackRequestOptions } from './slack-requests.js';
import { startApp, type RunningApp } from './test-app.js';

export const CASES_CHANNEL = 'C0CASES01';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const PEOPLE = {
  handler: 'U0HANDLER1',
  otherHandler: 'U0HANDLER2',
  supervisor: 'U0SUPER01',
  stranger: 'U0STRANGER',
} as const;

export const A_COMPLAINT = {
  channel: 'sms',
  contact: { kind: 'phone', value: '+44 7911 123456' },
  customerName: 'Sam Patel',
  category: 'delivery',
  description: 'My parcel was marked delivered but never arrived. Call me on 07911 123456.',
  remedySought: 'A refund',
};

/** The channels that reach customers in this test server. */
export const CUSTOMER_CHANNELS = ['webchat', 'sms', 'email'];

/** Stands in for the customer's channels (SMS, web chat, email): records what reaches the customer. */
export class CustomerChannels {
  readonly received: { channel: string; kind: string; reference: string | null; text: string }[] = [];

  /** Each words what it is sent as a chat does, at send time. */
  notifiers(renderer: MessageRenderer): ChannelNotifier[] {
    return CUSTOMER_CHANNELS.map((channel): ChannelNotifier => ({
      channel,
      deliver: async (message: OutboxMessageRecord) => {
        this.received.push({ channel, kind: message.kind, reference: message.reference, text: renderer.render(message.payload, 'chat').text });
        return { delivered: true };
      },
    }));
  }

  of(reference: string) {
    return this.received.filter((m) => m.reference === reference);
  }
}

export interface SlackTestApp {
  server: RunningApp;
  slack: FakeSlack;
  customer: CustomerChannels;
  /** Posts a signed request to /slack/events and waits until the work done after acknowledging it (events too) is finished. */
  send(body: string, contentType: 'application/json' | 'application/x-www-form-urlencoded', options?: SlackRequestOptions): Promise<{ status: number; text: string; body: any }>;
  /** Delivers everything the outbox owes now. */
  deliver(): Promise<void>;
  /** Files a complaint through the staff API and delivers its card. */
  file(overrides?: Record<string, unknown>): Promise<{ reference: string; cardTs: string }>;
  history(reference: string): Promise<{ type: string; actor: string; data: any }[]>;
  outbox(reference: string): Promise<{ channel: string; kind: string; payload: any; status: string }[]>;
  stop(): Promise<void>;
}

/**
 * Redress with Slack configured against a fake Slack Web API. By default the customer's channels are recorded and the
 * outbox is delivered only when a test says so; with `realCustomerChannels` the configured channels (SMS through a fake
 * Twilio, web chat) reach the customer and the outbox relay keeps running as it does in production.
 */
export async function startSlackApp(dialect: Dialect, env: Record<string, string> = {}, options: { realCustomerChannels?: boolean } = {}): Promise<SlackTestApp> {
  const slack = await new FakeSlack().start();
  const server = await startApp(dialect, {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CASES_CHANNEL: CASES_CHANNEL,
    SLACK_HANDLERS: `${PEOPLE.handler},${PEOPLE.otherHandler}`,
    SLACK_SUPERVISORS: PEOPLE.supervisor,
    ...env,
  });
  const relay = server.app.get(OutboxRelay);
  // The relay's own timer and commit hook would deliver at moments the test cannot see; stopping them leaves
  // `drain()`, which the tests call, as the only way messages leave.
  if (!options.realCustomerChannels) await relay.onApplicationShutdown();
  const db = server.app.get(DataSource);
  const receiver = server.app.get(SlackReceiver);
  const pipeline = server.app.get(InboundPipeline);
  const customer = new CustomerChannels();
  if (!options.realCustomerChannels) {
    for (const notifier of customer.notifiers(server.app.get(MessageRenderer))) server.app.get(NotifierRegistry).register(notifier);
  }

  const app: SlackTestApp = {
    server,
    slack,
    customer,
    async send(body, contentType, options) {
      const response = await sendToSlackEndpoint(server.baseUrl, body, contentType, options);
      await receiver.settled();
      // events are processed after the answer, from the stored row
      await pipeline.drain();
      return response;
    },
    async deliver() {
      for (let pass = 0; pass < 20; pass++) {
        const now = server.clock.now().toISOString();
        const [{ due }] = await db.query(
          `SELECT COUNT(*) AS due FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= ${db.options.type === 'postgres' ? '$1' : '?'}`,
          [now],
        );
        if (Number(due) === 0) return;
        await relay.drain();
      }
      throw new Error('The outbox still owes messages after 20 passes');
    },
    async file(overrides = {}) {
      const created = await server.request('POST', '/api/complaints', { body: { ...A_COMPLAINT, ...overrides } });
      if (created.status !== 201) throw new Error(`Could not file a complaint: ${created.text}`);
      // with the relay running, it may be the one delivering the card while this looks
      const ts = await eventually(async () => {
        await app.deliver();
        const card = slack.of('chat.postMessage').find((call) => !call.args.thread_ts && String(call.args.text).includes(created.body.reference));
        if (!card) throw new Error(`No card was posted for ${created.body.reference}`);
        const posted = (await db.query(`SELECT ts FROM slack_case_cards WHERE reference = ${db.options.type === 'postgres' ? '$1' : '?'}`, [created.body.reference]))[0]?.ts;
        // the relay records where the card is just after Slack answers: until then there is nothing to return
        if (!posted) throw new Error(`The card for ${created.body.reference} is posted but not recorded yet`);
        return posted;
      });
      return { reference: created.body.reference, cardTs: String(ts) };
    },
    async history(reference) {
      const response = await server.request('GET', `/api/complaints/${reference}/history`);
      return response.body.events;
    },
    async outbox(reference) {
      const rows = await db.query(
        `SELECT channel, kind, payload, status FROM outbox_messages WHERE reference = ${db.options.type === 'postgres' ? '$1' : '?'} ORDER BY created_at`,
        [reference],
      );
      // a staff reply's words are kept in the history event its row names (`textOf`): shown here as they will be sent
      const history = server.app.get(CaseHistory);
      return Promise.all(
        rows.map(async (row: { kind: string; payload: string }) => {
          const payload = JSON.parse(row.payload);
          if (row.kind === 'staff_reply' && typeof payload.textOf === 'number') {
            payload.variables = { ...payload.variables, text: await history.sentText(reference, payload.textOf) };
          }
          return { ...row, payload };
        }),
      );
    },
    async stop() {
      await server.stop();
      await slack.stop();
    },
  };
  return app;
}
