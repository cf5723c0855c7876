import { z } from 'zod';

/** The promise a reply to a request for a person keeps. */
export const HAND_OFF_PROMISE_INDICATOR = 'time_to_handoff_reply';

/** A request for a person outside any complaint, posted for staff with a way to reply. */
export const HAND_OFF_POST = 'hand_off';
/** What passed between staff and that customer since, under the post. */
export const HAND_OFF_THREAD = 'hand_off_thread';
/** Nobody replied to that customer by the promised time: the supervisors are told under the post. */
export const HAND_OFF_OVERDUE = 'hand_off_overdue';

/** The outbox is the scheduler: the watch gets each check at its due time. */
export const HAND_OFF_WATCH_CHANNEL = 'hand_off_watch';
export const HAND_OFF_CHECK = 'hand_off_check';

export const handOffPostPayload = z.object({
  handOffId: z.string(),
  /** The channel the customer asked on. */
  channel: z.string(),
  /** Where the reply goes, masked. */
  replyTo: z.string(),
  requestedAt: z.string(),
  dueAt: z.string().nullable(),
});
export type HandOffPostPayload = z.infer<typeof handOffPostPayload>;

export const handOffThreadPayload = z.discriminatedUnion('direction', [
  z.object({ handOffId: z.string(), direction: z.literal('from_customer'), text: z.string(), channel: z.string(), at: z.string() }),
  z.object({ handOffId: z.string(), direction: z.literal('to_customer'), text: z.string(), channel: z.string(), by: z.string(), at: z.string() }),
  /** A reply that failed for good, at send time or as the provider reported later; `to` is its address, masked. */
  z.object({
    handOffId: z.string(),
    direction: z.literal('not_delivered'),
    channel: z.string(),
    to: z.string().optional(),
    error: z.string(),
    at: z.string(),
  }),
]);
export type HandOffThreadPayload = z.infer<typeof handOffThreadPayload>;

export const handOffOverduePayload = z.object({ handOffId: z.string(), dueAt: z.string(), promise: z.string() });
export type HandOffOverduePayload = z.infer<typeof handOffOverduePayload>;

/** Either a request outside a complaint (by id) or one in a complaint's history (by reference and time). */
export interface HandOffCheckPayload {
  handOffId?: string;
  reference?: string;
  requestedAt?: string;
  dueAt: string;
}
