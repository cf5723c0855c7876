import { z } from 'zod';
import { CONTACT_KINDS } from '../complaints/domain/complaint.js';

export const exportRequestSchema = z.strictObject({
  /** As staff have it: a phone number in national or international form, an email address, a web chat conversation id. */
  contact: z.strictObject({ kind: z.enum(CONTACT_KINDS), value: z.string().trim().min(1, 'must not be empty').max(320) }),
  /** Why, for the record: a request's own reference, for instance. */
  reason: z.string().trim().min(1, 'must not be empty').max(500).optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** The same as an export's; the reason is kept in each case's history, so a request's reference, not the customer's details. */
export const erasureRequestSchema = exportRequestSchema;
export type ErasureRequest = ExportRequest;
