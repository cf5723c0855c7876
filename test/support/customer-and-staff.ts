import { DataSource } from 'typeorm';
import { SlackReceiver } from '../../adapters/slack/slack-receiver.js';
import type { Dialect } from './databases.js';
import { eventually } from './eventually.js';
import { FakeSlack, type SlackCall } from './fake-slack.js';
import { FakeTwilio } from './fake-twilio.js';
import { BOT_TOKEN, CASES_CHANNEL, PEOPLE } from './slack-app.js';
import { blockAction, modalValue, sendToSlackEndpoint, SIGNING_SECRET, viewSubmission } from './slack-requests.js';
import { SmsCustomer } from './sms-customer.js';
import { startApp, type RunningApp } from './test-app.js';
import { smsSettings, testTwilioAccount, type TwilioAccount } from './twilio-webhooks.js';

export const OUR_NUMBER = '+447700900123';
export const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };

/**
 * Redress with every seam real: customers on web chat (Direct Line) and SMS (signed Twilio webhooks, a local Twilio),
 * staff in Slack (signed requests, a local Slack), and the outbox relay running as in production.
 */
export class CustomerAndStaff {
  private constructor(
    readonly server: RunningApp,
    readonly slack: FakeSlack,
    readonly twilio: FakeTwilio,
    readonly account: TwilioAccount,
  ) {}

  static async start(dialect: Dialect, env: Record<string, string> = {}, now?: string): Promise<CustomerAndStaff> {
    const slack = await new FakeSlack().start();
    const account = testTwilioAccount();
    const twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    const server = await startApp(
      dialect,
      {
        ...smsSettings(account, twilio.url, OUR_NUMBER),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_CASES_CHANNEL: CASES_CHANNEL,
        SLACK_HANDLERS: `${PEOPLE.handler},${PEOPLE.otherHandler}`,
        SLACK_SUPERVISORS: PEOPLE.supervisor,
        ...env,
      },
      now,
    );
    return new CustomerAndStaff(server, slack, twilio, account);
  }

  sms(number: string): SmsCustomer {
    return new SmsCustomer(this.server, this.twilio, this.account, number, OUR_NUMBER);
  }

  /** A workflow step through the staff API, as a supervisor. */
  async act(reference: string, body: Record<string, unknown>, staff: { id: string; role: 'handler' | 'supervisor' } = { id: PEOPLE.supervisor, role: 'supervisor' }) {
    const response = await this.server.request('POST', `/api/complaints/${reference}/actions`, {
      body,
      headers: { 'x-staff-id': staff.id, 'x-staff-role': staff.role },
    });
    if (response.status !== 200) throw new Error(`${String(body.action)} answered ${response.status}: ${response.text}`);
    return response.body;
  }

  async complaint(reference: string) {
    return (await this.server.request('GET', `/api/complaints/${reference}`)).body;
  }

  async history(reference: string): Promise<{ type: string; actor: string; data: any }[]> {
    return (await this.server.request('GET', `/api/complaints/${reference}/history`)).body.events;
  }

  /** Waits until a message posted to Slack matches `text` (in its text or blocks), and returns it. */
  async slackPost(text: RegExp): Promise<SlackCall> {
    return eventually(async () => {
      const found = this.slack.of('chat.postMessage').find((call) => text.test(JSON.stringify(call.args)));
      if (!found) throw new Error(`Slack was never sent ${text}; it was sent:\n${this.slack.of('chat.postMessage').map((c) => c.args.text).join('\n')}`);
      return found;
    });
  }

  /** Where a complaint's card is in Slack, once it is posted. */
  async cardTs(reference: string): Promise<string> {
    const db = this.server.app.get(DataSource);
    return eventually(async () => {
      const [row] = await db.query(`SELECT ts FROM slack_case_cards WHERE reference = ${db.options.type === 'postgres' ? '$1' : '?'}`, [reference]);
      if (!row?.ts) throw new Error(`No card posted for ${reference}`);
      return String(row.ts);
    });
  }

  /** Sends a signed request to /slack/events and waits until the work after acknowledging it is done. */
  async toSlackEndpoint(body: string): Promise<{ status: number; body: any }> {
    const response = await sendToSlackEndpoint(this.server.baseUrl, body, 'application/x-www-form-urlencoded');
    await this.server.app.get(SlackReceiver).settled();
    return response;
  }

  /** Presses a button as a Slack user and returns the modal it opened. */
  async openModal(actionId: string, value: string, messageTs: string, userId: string): Promise<Record<string, any>> {
    const before = this.slack.of('views.open').length;
    await this.toSlackEndpoint(blockAction({ actionId, value, userId, channelId: CASES_CHANNEL, messageTs, responseUrl: this.slack.responseUrl() }));
    const opened = this.slack.of('views.open')[before];
    if (!opened) throw new Error(`No modal opened; private answers: ${JSON.stringify(this.slack.of('chat.postEphemeral').map((c) => c.args.text))}`);
    return opened.args.view as Record<string, any>;
  }

  async press(actionId: string, value: string, messageTs: string, userId: string): Promise<void> {
    await this.toSlackEndpoint(blockAction({ actionId, value, userId, channelId: CASES_CHANNEL, messageTs, responseUrl: this.slack.responseUrl() }));
  }

  async submitText(view: Record<string, any>, userId: string, text: string): Promise<{ status: number; body: any }> {
    return this.toSlackEndpoint(viewSubmission({ view, userId, values: { text: modalValue.text(text) } }));
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.slack.stop();
    await this.twilio.stop();
  }
}
