import { z } from 'zod';
import { declaredContactKind, type DeclaredChannels } from '../channels/declared-channels.js';

/** Its contact kind is checked against the declared channels. */
export const exportRequestSchema = (channels?: DeclaredChannels) =>
  z.strictObject({
    /** As staff have it: a phone number in national or international form, an email address, a web chat conversation id. */
    contact: z.strictObject({ kind: declaredContactKind(channels), value: z.string().trim().min(1, 'must not be empty').max(320) }),
    /** Why, for the record: a request's own reference, for instance. */
    reason: z.string().trim().min(1, 'must not be empty').max(500).optional(),
  });
export type ExportRequest = z.infer<ReturnType<typeof exportRequestSchema>>;

/** The same as an export's; the reason is kept in each case's history, so a request's reference, not the customer's details. */
export const erasureRequestSchema = exportRequestSchema;
export type ErasureRequest = ExportRequest;
