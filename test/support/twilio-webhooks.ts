import twilio from 'twilio';
import { twilioSid } from './fake-twilio.js';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /** PUBLIC_URL as configured: Twilio signs the URL it calls, which is this one, not 127.0.0.1. */
  publicUrl: string;
}

/** A Twilio account of our own for one test file, with the PUBLIC_URL Twilio would sign for. */
export function testTwilioAccount(publicUrl = 'https://redress.example.org'): TwilioAccount {
  return { accountSid: twilioSid('AC'), authToken: 'twilio-auth-token-for-tests', publicUrl };
}

/** The settings that switch SMS on, with Twilio's API at a local fake. */
export function smsSettings(account: TwilioAccount, apiUrl: string, ourNumber: string): Record<string, string> {
  return {
    PUBLIC_URL: account.publicUrl,
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_PHONE_NUMBER: ourNumber,
    TWILIO_API_URL: apiUrl,
  };
}

/** Every field Twilio posts for an incoming SMS (https://www.twilio.com/docs/messaging/guides/webhook-request). */
export function inboundSmsFields(
  account: TwilioAccount,
  sms: { from: string; to: string; body: string; messageSid?: string; messagingServiceSid?: string; media?: { url: string; contentType: string }[] },
): Record<string, string> {
  const media = sms.media ?? [];
  const messageSid = sms.messageSid ?? twilioSid(media.length > 0 ? 'MM' : 'SM');
  return {
    ToCountry: 'GB',
    ToState: '',
    SmsMessageSid: messageSid,
    NumMedia: String(media.length),
    // an MMS names each item as MediaContentType{i} and MediaUrl{i}
    ...Object.fromEntries(media.flatMap((item, i) => [[`MediaContentType${i}`, item.contentType], [`MediaUrl${i}`, item.url]])),
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: sms.body,
    FromCountry: 'GB',
    To: sms.to,
    MessagingServiceSid: sms.messagingServiceSid ?? twilioSid('MG'),
    ToZip: '',
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: account.accountSid,
    From: sms.from,
    ApiVersion: '2010-04-01',
  };
}

/** Every field Twilio posts to a message's status callback. */
export function statusCallbackFields(
  account: TwilioAccount,
  report: { messageSid: string; status: string; to: string; from: string; errorCode?: string },
): Record<string, string> {
  return {
    SmsSid: report.messageSid,
    SmsStatus: report.status,
    MessageStatus: report.status,
    To: report.to,
    MessageSid: report.messageSid,
    AccountSid: account.accountSid,
    From: report.from,
    ApiVersion: '2010-04-01',
    ...(report.errorCode ? { ErrorCode: report.errorCode } : {}),
  };
}

/** The signature Twilio would send: base64 HMAC-SHA1 of the URL and the sorted fields, keyed with the auth token. */
export function twilioSignature(authToken: string, url: string, fields: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, fields);
}

/** Posts a form to one of our webhooks as Twilio does, signed for PUBLIC_URL + path unless told otherwise. */
export async function postAsTwilio(
  baseUrl: string,
  path: string,
  fields: Record<string, string>,
  account: TwilioAccount,
  signature: string | null = twilioSignature(account.authToken, account.publicUrl + path, fields),
): Promise<{ status: number; text: string; contentType: string | null }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'user-agent': 'TwilioProxy/1.1',
    'i-twilio-idempotency-token': twilioSid('SM'),
  };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(baseUrl + path, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

/** The settings that switch WhatsApp on, with Twilio's API (and its Content API) at a local fake. */
export function whatsAppSettings(account: TwilioAccount, apiUrl: string, ourNumber: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLIC_URL: account.publicUrl,
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_WHATSAPP_NUMBER: ourNumber,
    TWILIO_API_URL: apiUrl,
    ...extra,
  };
}

/**
 * Every field Twilio posts for an incoming WhatsApp message (https://www.twilio.com/docs/messaging/guides/webhook-request):
 * `whatsapp:` addresses, the sender's profile name and WhatsApp id; a quick-reply button tapped adds `ButtonText`
 * and `ButtonPayload`; a photo adds `MediaUrl0` and `MediaContentType0`, with an MM MessageSid.
 */
export function inboundWhatsAppFields(
  account: TwilioAccount,
  message: {
    from: string;
    to: string;
    body: string;
    messageSid?: string;
    button?: { text: string; payload: string; repliedTo?: string };
    media?: { url: string; contentType: string }[];
  },
): Record<string, string> {
  const media = message.media ?? [];
  const messageSid = message.messageSid ?? (media.length > 0 ? `MM${twilioSid('SM').slice(2)}` : twilioSid('SM'));
  const fields: Record<string, string> = {
    SmsMessageSid: messageSid,
    NumMedia: String(media.length),
    ProfileName: 'Sam Customer',
    MessageType: message.button ? 'button' : media.length > 0 ? media[0].contentType.split('/')[0] : 'text',
    SmsSid: messageSid,
    WaId: message.from.replace(/^\+/, ''),
    SmsStatus: 'received',
    Body: message.body,
    To: `whatsapp:${message.to}`,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: messageSid,
    AccountSid: account.accountSid,
    From: `whatsapp:${message.from}`,
    ApiVersion: '2010-04-01',
  };
  media.forEach((item, index) => {
    fields[`MediaContentType${index}`] = item.contentType;
    fields[`MediaUrl${index}`] = item.url;
  });
  if (message.button) {
    fields.ButtonText = message.button.text;
    fields.ButtonPayload = message.button.payload;
    if (message.button.repliedTo) {
      fields.OriginalRepliedMessageSender = `whatsapp:${message.to}`;
      fields.OriginalRepliedMessageSid = message.button.repliedTo;
    }
  }
  return fields;
}
