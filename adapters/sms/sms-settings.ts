import type { AppConfig } from '../../src/config/config.schema.js';

/** Where outbound texts come from: a number of ours, or a Messaging Service that picks one from its pool. */
export type SmsSender = { from: string } | { messagingServiceSid: string };

export type SmsSettings =
  | {
      enabled: true;
      accountSid: string;
      authToken: string;
      sender: SmsSender;
      /** Our public base URL without a trailing slash: Twilio signs the URL it called, so we rebuild it from this. */
      publicUrl: string;
      /** Another base URL for Twilio's REST API (tests, proxies). */
      apiUrl?: string;
      /** The number takes picture messages, so customers may be asked for photos (TWILIO_MMS_INBOUND). */
      mmsInbound: boolean;
    }
  | { enabled: false; missing: string[] };

export const SMS_SETTINGS = Symbol('SMS_SETTINGS');

/**
 * SMS is on when Twilio can be reached (account SID and auth token), texts have a sender, and PUBLIC_URL says
 * where Twilio calls us: without it no webhook signature can be checked.
 */
export function smsSettings(config: AppConfig): SmsSettings {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: publicUrl } = config;
  const sender: SmsSender | undefined = config.TWILIO_MESSAGING_SERVICE_SID
    ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID }
    : config.TWILIO_PHONE_NUMBER
      ? { from: config.TWILIO_PHONE_NUMBER }
      : undefined;
  if (!accountSid || !authToken || !sender || !publicUrl) {
    const missing = [
      accountSid ? undefined : 'TWILIO_ACCOUNT_SID',
      authToken ? undefined : 'TWILIO_AUTH_TOKEN',
      sender ? undefined : 'TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID',
      publicUrl ? undefined : 'PUBLIC_URL',
    ].filter((name): name is string => name !== undefined);
    return { enabled: false, missing };
  }
  return { enabled: true, accountSid, authToken, sender, publicUrl: publicUrl.replace(/\/+$/, ''), apiUrl: config.TWILIO_API_URL, mmsInbound: config.TWILIO_MMS_INBOUND };
}

/** True when someone set some Twilio variables but not enough to turn SMS on: worth a warning at start. */
export function partlyConfigured(config: AppConfig): boolean {
  return Boolean(config.TWILIO_ACCOUNT_SID || config.TWILIO_AUTH_TOKEN || config.TWILIO_PHONE_NUMBER || config.TWILIO_MESSAGING_SERVICE_SID);
}
