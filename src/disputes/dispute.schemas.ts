import { z } from 'zod';
import { cleanText } from '../common/text/clean-text.js';
import { DISPUTE_OUTCOMES } from './domain/dispute.js';

const text = (max: number) =>
  z.string().overwrite(cleanText).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A step of the dispute journey taken by staff through the API. */
export const disputeActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('offer') }),
  z.strictObject({
    action: z.literal('consent'),
    /** The option the customer chose, as they told staff (by phone or letter). */
    providerId: text(100),
    shareCaseFile: z.boolean(),
    reminders: z.boolean().optional(),
  }),
  z.strictObject({ action: z.literal('decline') }),
  z.strictObject({ action: z.literal('defer'), reminders: z.boolean() }),
  z.strictObject({ action: z.literal('withdraw_consent') }),
  z.strictObject({ action: z.literal('refer') }),
  z.strictObject({ action: z.literal('record_acceptance'), providerReference: text(100) }),
  z.strictObject({
    action: z.literal('record_outcome'),
    outcome: z.enum(DISPUTE_OUTCOMES),
    explanation: text(2000),
    /** What the outcome asks of the organisation; due within the remedy days. Only for settled or upheld. */
    remedy: text(500).optional(),
  }),
  z.strictObject({ action: z.literal('implement_remedy'), explanation: text(2000).optional() }),
  z.strictObject({ action: z.literal('close') }),
]);
export type DisputeActionBody = z.infer<typeof disputeActionSchema>;
