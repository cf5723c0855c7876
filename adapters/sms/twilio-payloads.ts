import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { cleanText } from '../../src/common/text/clean-text.js';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix} SID`);
const place = z.string().max(100).optional();

/** A customer's number as Twilio gives it (E.164), normalised by libphonenumber-js. */
const phoneNumber = z.string().transform((value, ctx) => {
  const phone = parsePhoneNumberFromString(value.trim());
  if (!phone?.isPossible()) {
    ctx.addIssue({ code: 'custom', message: 'is not a phone number' });
    return z.NEVER;
  }
  return phone.number;
});

/** The form Twilio POSTs to a number's "A message comes in" webhook. */
export const inboundSmsSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be an SM or MM SID'),
  SmsSid: z.string().max(64).optional(),
  SmsMessageSid: z.string().max(64).optional(),
  AccountSid: sid('AC'),
  MessagingServiceSid: sid('MG').optional(),
  From: phoneNumber,
  To: z.string().trim().min(1).max(32),
  Body: z.string().overwrite(cleanText).max(1600).default(''),
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
