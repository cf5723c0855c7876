import { z } from 'zod';
import { cleanText } from '../common/text/clean-text.js';
import { STAFF_ID } from '../staff-keys/staff-caller.js';
import { LEVELS, SEVERITIES } from './domain/assessment.js';
import { declaredContactKind, intakeChannel, type DeclaredChannels } from '../channels/declared-channels.js';
import { STATUSES } from './domain/complaint.js';
import { TEXT_LIMITS } from './domain/text-limits.js';

const text = (max: number) =>
  z.string().overwrite(cleanText).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A complaint keyed in by staff; its channel and contact kind are checked against the declared channels. */
export const createComplaintSchema = (channels?: DeclaredChannels) =>
  z.strictObject({
    channel: intakeChannel(channels),
    contact: z.strictObject({ kind: declaredContactKind(channels), value: text(TEXT_LIMITS.contact) }),
    customerName: text(TEXT_LIMITS.customerName).optional(),
    language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or es').default('en'),
    category: text(TEXT_LIMITS.category),
    description: text(TEXT_LIMITS.description),
    remedySought: text(TEXT_LIMITS.remedySought).optional(),
    occurredOn: z.iso.date().optional(),
    /** When a letter or call arrived before it was keyed in; defaults to now. */
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    involvedStaffIds: z.array(STAFF_ID).max(20).default([]),
    acknowledge: z.boolean().default(false),
  });
export type CreateComplaintBody = z.infer<ReturnType<typeof createComplaintSchema>>;

const assessmentSchema = z.strictObject({
  severity: z.enum(SEVERITIES),
  impact: z.enum(LEVELS),
  complexity: z.enum(LEVELS),
  urgency: z.enum(LEVELS),
  healthOrSafety: z.boolean(),
  summary: text(TEXT_LIMITS.assessmentSummary).optional(),
});

const reason = { reason: text(TEXT_LIMITS.reason).optional() };

/** One body per workflow action; `action` names it. */
export const actionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge'), ...reason }),
  z.strictObject({ action: z.literal('assess'), assessment: assessmentSchema, ...reason }),
  z.strictObject({ action: z.literal('reassess'), assessment: assessmentSchema, ...reason }),
  z.strictObject({ action: z.literal('start_investigation'), ...reason }),
  z.strictObject({ action: z.literal('request_information'), question: text(TEXT_LIMITS.question), ...reason }),
  z.strictObject({ action: z.literal('receive_information'), message: text(TEXT_LIMITS.answer).optional(), ...reason }),
  z.strictObject({
    action: z.literal('propose_response'),
    outcome: text(TEXT_LIMITS.outcome),
    explanation: text(TEXT_LIMITS.explanation),
    /** Whether we consent to the ombudsman considering the complaint outside its time limits (FCA DISP 1 Annex 3R). */
    waiveTimeLimits: z.boolean().optional(),
    ...reason,
  }),
  z.strictObject({
    action: z.literal('send_holding_response'),
    /** Why there is no final response yet, in words the customer reads. */
    reasons: text(TEXT_LIMITS.holdingReasons),
    /** When the final response is expected: an ISO 8601 date or instant still to come. */
    expectedBy: z.iso.datetime({ offset: true }).or(z.iso.date()),
    ...reason,
  }),
  z.strictObject({ action: z.literal('accept_response'), ...reason }),
  z.strictObject({ action: z.literal('reject_response'), ...reason }),
  z.strictObject({ action: z.literal('mark_unresolved'), reason: text(TEXT_LIMITS.reason) }),
  z.strictObject({ action: z.literal('close'), outcome: text(TEXT_LIMITS.outcome), rootCause: text(TEXT_LIMITS.category).optional(), ...reason }),
  z.strictObject({ action: z.literal('withdraw'), ...reason }),
  z.strictObject({ action: z.literal('reopen'), reason: text(TEXT_LIMITS.reason) }),
  z.strictObject({ action: z.literal('assign'), assigneeId: STAFF_ID, ...reason }),
  z.strictObject({ action: z.literal('declare_involvement'), staffId: STAFF_ID, ...reason }),
]);
export type ActionBody = z.infer<typeof actionSchema>;

export const noteSchema = z.strictObject({ text: text(TEXT_LIMITS.note) });
export const replySchema = z.strictObject({ text: text(TEXT_LIMITS.reply) });
export const disclosureSchema = z.strictObject({ reason: text(TEXT_LIMITS.disclosureReason) });

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

/** Decimal digits only: `0x10` or `1e2` is a mistake to report, not a number to guess at. */
const positiveWholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number such as 1 or 2')
    .transform(Number)
    .pipe(z.number().min(1, 'must be 1 or more').max(max, `must be at most ${max}`));

export const listQuerySchema = z.strictObject({
  status: csv(STATUSES).optional(),
  category: text(TEXT_LIMITS.category).optional(),
  /** A staff id, or `none` for cases nobody has taken. */
  assignee: STAFF_ID.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: positiveWholeNumber(Number.MAX_SAFE_INTEGER).default(1),
  pageSize: positiveWholeNumber(100).default(20),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
