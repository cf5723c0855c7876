import { z } from 'zod';
import { cleanText } from '../../src/common/text/clean-text.js';
import { possiblePhone } from './possible-phone.js';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix} SID`);
const place = z.string().max(100).optional();

/**
 * Who wrote, as Twilio gives it: `+447911123456` by SMS, `whatsapp:+447911123456` on WhatsApp; the number is
 * normalised by libphonenumber-js.
 */
const sender = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  const whatsapp = /^whatsapp:/i.test(trimmed);
  const number = possiblePhone(whatsapp ? trimmed.slice('whatsapp:'.length) : trimmed);
  if (!number) {
    ctx.addIssue({ code: 'custom', message: 'is not a phone number' });
    return z.NEVER;
  }
  return { channel: whatsapp ? ('whatsapp' as const) : ('sms' as const), number };
});

/**
 * The form Twilio POSTs to a number's "A message comes in" webhook, for SMS and WhatsApp alike
 * (https://www.twilio.com/docs/messaging/guides/webhook-request): WhatsApp adds `ProfileName`, `WaId`, and for a
 * quick-reply button tapped `ButtonText` and `ButtonPayload`; media come as `MediaUrl0`… with `NumMedia`.
 */
export const inboundSmsSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be an SM or MM SID'),
  SmsSid: z.string().max(64).optional(),
  SmsMessageSid: z.string().max(64).optional(),
  AccountSid: sid('AC'),
  MessagingServiceSid: sid('MG').optional(),
  From: sender,
  To: z.string().trim().min(1).max(32),
  // an SMS body is at most 1,600 characters; a WhatsApp message may have 4,096
  Body: z.string().overwrite(cleanText).max(4096).default(''),
  ButtonText: z.string().overwrite(cleanText).max(256).optional(),
  ButtonPayload: z.string().max(256).optional(),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  NumSegments: z.coerce.number().int().min(1).max(50).default(1),
  SmsStatus: z.string().max(24).optional(),
  ApiVersion: z.string().max(16).optional(),
  FromCity: place,
  FromState: place,
  FromZip: place,
  FromCountry: place,
  ToCity: place,
  ToState: place,
  ToZip: place,
  ToCountry: place,
});

export type InboundSmsPayload = z.output<typeof inboundSmsSchema>;

/** The form Twilio POSTs to a message's `statusCallback` at each change of its status. */
export const statusCallbackSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be an SM or MM SID'),
  SmsSid: z.string().max(64).optional(),
  AccountSid: sid('AC'),
  MessagingServiceSid: sid('MG').optional(),
  MessageStatus: z.string().trim().min(1).max(24),
  SmsStatus: z.string().max(24).optional(),
  ErrorCode: z.string().regex(/^\d{1,8}$/, 'must be a Twilio error code').optional(),
  From: z.string().max(32).optional(),
  To: z.string().max(32).optional(),
  ApiVersion: z.string().max(16).optional(),
});

export type StatusCallbackPayload = z.output<typeof statusCallbackSchema>;

/** Twilio's own limit on media in one message. */
const MEDIA_MAX = 10;
const mediaField = z.string().trim().min(1).max(2048);

/**
 * The media of an incoming message: `MediaUrl{i}` and `MediaContentType{i}` for each i below `NumMedia`. An item
 * without a usable URL is left out; the URL is checked again before anything is fetched (see TwilioMedia).
 */
export function mediaOf(payload: InboundSmsPayload): { url: string; contentType?: string }[] {
  const fields = payload as Record<string, unknown>;
  const media: { url: string; contentType?: string }[] = [];
  for (let i = 0; i < Math.min(payload.NumMedia, MEDIA_MAX); i++) {
    const url = mediaField.safeParse(fields[`MediaUrl${i}`]);
    if (!url.success) continue;
    const contentType = mediaField.max(255).safeParse(fields[`MediaContentType${i}`]);
    media.push(contentType.success ? { url: url.data, contentType: contentType.data } : { url: url.data });
  }
  return media;
}
