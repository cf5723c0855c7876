import { z } from 'zod';
import { cleanText } from '../../../src/common/text/clean-text.js';
import { DESCRIPTION_MAX } from '../../../src/complaints/domain/description.js';

/**
 * Room for more than the longest answer the dialogs take, so that a customer who sends too much is told so in the chat
 * instead of seeing their message fail; but not for a pasted document.
 */
export const POSTED_TEXT_MAX = DESCRIPTION_MAX * 4;

const locale = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/, 'must be a BCP 47 language tag such as en-GB');

const account = z.object({ id: z.string().max(64).optional(), name: z.string().max(100).optional(), role: z.string().max(16).optional() });

/** `POST /conversations`: DirectLineJS sends `{ user: { id }, locale }`; the user id is ours to choose, so it is ignored. */
export const startConversationSchema = z.object({ user: account.optional(), locale: locale.optional() });
export type StartConversationBody = z.infer<typeof startConversationSchema>;

/**
 * What a client may post. Addressing (`id`, `conversation`, `recipient`, `from.id`, `timestamp`) is the server's to
 * set, and unknown fields are dropped; attachments are not accepted (the page offers no upload).
 */
export const postedActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().overwrite(cleanText).max(POSTED_TEXT_MAX).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: locale.optional(),
    localTimestamp: z.string().max(40).optional(),
    localTimezone: z.string().max(64).optional(),
    name: z.string().min(1).max(100).optional(),
    value: z.unknown().optional(),
    from: account.optional(),
    channelData: z.looseObject({ clientActivityID: z.string().min(1).max(200).optional() }).optional(),
    entities: z.array(z.looseObject({ type: z.string().max(100) })).max(20).optional(),
  })
  .superRefine((activity, context) => {
    if (activity.type === 'event' && !activity.name) {
      context.addIssue({ code: 'custom', path: ['name'], message: 'an event needs a name' });
    }
  });
export type PostedActivity = z.infer<typeof postedActivitySchema>;

export const activitiesQuerySchema = z.object({
  watermark: z
    .union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'must be a watermark this server gave out')])
    .optional()
    .transform((value) => (value ? Number(value) : 0)),
});
export type ActivitiesQuery = z.infer<typeof activitiesQuerySchema>;

/** A watermark as a stream URL or a reconnect carries it: `-` (Azure's) or nothing means from the start. */
const streamWatermark = z
  .union([z.literal(''), z.literal('-'), z.string().regex(/^\d{1,9}$/, 'must be a watermark this server gave out')])
  .optional()
  .transform((value) => (value && value !== '-' ? Number(value) : 0));

/** `GET /conversations/:id?watermark=`: DirectLineJS reconnects so, and opens the stream URL it is answered with. */
export const conversationQuerySchema = z.object({ watermark: streamWatermark });
export type ConversationQuery = z.infer<typeof conversationQuerySchema>;

/** The query of a stream URL: where to start, and the conversation token (`t`), as Azure's stream URLs carry them. */
export const streamQuerySchema = z.object({ watermark: streamWatermark, t: z.string().min(1).max(4096) });
export type StreamQuery = z.infer<typeof streamQuerySchema>;
