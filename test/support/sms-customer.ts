import { DataSource } from 'typeorm';
import { eventually } from './eventually.js';
import { twilioSid, type FakeTwilio } from './fake-twilio.js';
import type { RunningApp } from './test-app.js';
import { inboundSmsFields, postAsTwilio, type TwilioAccount } from './twilio-webhooks.js';

/** A customer with a phone: texts Redress through the signed webhook and reads what the fake Twilio was asked to send. */
export class SmsCustomer {
  private read = 0;

  constructor(
    private readonly server: RunningApp,
    private readonly twilio: FakeTwilio,
    private readonly account: TwilioAccount,
    readonly number: string,
    private readonly ourNumber: string,
  ) {}

  /** Sends a text and waits until its turn is handled and whatever it owed was handed to Twilio (or refused). */
  async text(body: string): Promise<{ messageSid: string; replies: string[] }> {
    return this.deliver(inboundSmsFields(this.account, { from: this.number, to: this.ourNumber, body }), 1);
  }

  /**
   * Sends a picture message (MMS) whose media the fake Twilio serves, each after `failures` 503s; `deliveries` > 1 is
   * Twilio posting the same webhook again (a retry).
   */
  async mms(
    body: string,
    media: { bytes: Buffer; contentType: string; failures?: number }[],
    deliveries = 1,
    /** What the webhook says instead of each URL the fake serves (a forged or mistaken one). */
    urlAs: (url: string) => string = (url) => url,
  ): Promise<{ messageSid: string; replies: string[] }> {
    const messageSid = twilioSid('MM');
    const served = media.map((item) => ({
      url: urlAs(this.twilio.addMedia(messageSid, item.bytes, item.contentType, item.failures)),
      contentType: item.contentType,
    }));
    return this.deliver(inboundSmsFields(this.account, { from: this.number, to: this.ourNumber, body, messageSid, media: served }), deliveries);
  }

  private async deliver(fields: Record<string, string>, deliveries: number): Promise<{ messageSid: string; replies: string[] }> {
    for (let i = 0; i < deliveries; i++) {
      const response = await postAsTwilio(this.server.baseUrl, '/webhooks/twilio/sms', fields, this.account);
      if (response.status !== 200) throw new Error(`The webhook answered ${response.status}: ${response.text}`);
    }
    const db = this.server.app.get(DataSource);
    await eventually(async () => {
      const [inbound] = await db.query(`SELECT handled_at FROM inbound_messages WHERE channel = 'sms' AND provider_id = '${fields.MessageSid}'`);
      if (!inbound?.handled_at) throw new Error('not handled yet');
      const owed = await db.query(
        `SELECT status FROM outbox_messages WHERE dedupe_key IN ('sms:turn:${fields.MessageSid}', 'sms:keyword:${fields.MessageSid}')`,
      );
      if (owed.some((row: { status: string }) => row.status === 'pending' || row.status === 'sending')) throw new Error('not sent yet');
    });
    return { messageSid: fields.MessageSid, replies: this.newTexts() };
  }

  /** The texts sent to this customer since the last look. */
  newTexts(): string[] {
    const all = this.twilio.sentTo(this.number).map((sms) => sms.body);
    const fresh = all.slice(this.read);
    this.read = all.length;
    return fresh;
  }
}
