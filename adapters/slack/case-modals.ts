import type { types, ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import { cleanText } from '../../src/common/text/clean-text.js';
import type { DomainError } from '../../src/common/domain-error.js';
import { customerAddress, type ContactRouting } from '../../src/complaints/customer-address.js';
import { LEVELS, SEVERITIES } from '../../src/complaints/domain/assessment.js';
import type { ComplaintCommand } from '../../src/complaints/domain/complaint.commands.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import type { RootCause } from '../../src/conduct/code-of-conduct.schema.js';
import { maskContact } from '../../src/contacts/contact-format.js';
import { refusalText } from './refusals.js';
import type { StaffDirectory } from './staff-directory.js';
import { staffTextForCustomer } from './staff-markup.js';
import { escapeMrkdwn, personWords } from './staff-words.js';

/** The card actions that need input first; each is a modal whose `callback_id` is `case:<kind>`. */
export const MODAL_KINDS = [
  'assess',
  'reassess',
  'request_information',
  'propose_response',
  'record_answer',
  'send_holding_response',
  'mark_unresolved',
  'close',
  'withdraw',
  'reopen',
  'assign',
  'reply',
] as const;
export type ModalKind = (typeof MODAL_KINDS)[number];

export const MODAL_PREFIX = 'case:';

const CUSTOMER_CHANNEL_WORDS: Record<string, string> = { sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'web chat', email: 'email' };

/** The first input of each modal: errors that belong to no one field are shown there. */
const FIRST_FIELD: Record<ModalKind, string> = {
  assess: 'severity',
  reassess: 'severity',
  record_answer: 'answer',
  mark_unresolved: 'reason',
  withdraw: 'asked_by',
  reopen: 'reason',
  request_information: 'question',
  propose_response: 'outcome',
  send_holding_response: 'reasons',
  close: 'outcome',
  assign: 'assignee',
  reply: 'text',
};

/** The form input of each element a regulated response may lack (see src/conduct/response-requirements.ts). */
const RESPONSE_FIELD_BLOCKS: Record<string, string> = {
  outcome: 'outcome',
  explanation: 'explanation',
  waiveTimeLimits: 'waive_time_limits',
  reasons: 'reasons',
  expectedBy: 'expected_by',
};

const metadataSchema = z.object({ reference: z.string().refine((reference) => parseReference(reference).ok) });

/** What the modals offer beside the case: the staff to assign, and the code of conduct's root causes. */
export interface ModalChoices {
  staff: StaffDirectory;
  rootCauses: readonly RootCause[];
  channels: ContactRouting;
}

/** A modal for one case; its private metadata carries the reference back with the submission. */
export function caseModal(kind: ModalKind, complaint: Complaint, choices: ModalChoices): types.ModalView {
  const { title, submit, blocks } = MODALS[kind](complaint, choices);
  return {
    type: 'modal',
    callback_id: `${MODAL_PREFIX}${kind}`,
    private_metadata: JSON.stringify({ reference: complaint.reference }),
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Complaint *${complaint.reference}*` }] }, ...blocks],
  };
}

export function modalKindOf(callbackId: string): ModalKind | undefined {
  return MODAL_KINDS.find((kind) => `${MODAL_PREFIX}${kind}` === callbackId);
}

export function modalReference(view: ViewOutput): string | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(view.private_metadata));
    return parsed.success ? parsed.data.reference : undefined;
  } catch {
    return undefined; // not JSON: not one of our modals
  }
}

/** `reason`, when there is one, is kept with the step in the case history (how the customer's answer came). */
export type Submission = { kind: 'command'; command: ComplaintCommand; reason?: string } | { kind: 'reply'; text: string };

/** How a customer who answered outside Redress did so, and who asked for a withdrawal, in the history's words. */
const ANSWER_MEANS = { phone: 'by phone', letter: 'by letter', email: 'by email', in_person: 'in person' } as const;
const ASKED_BY = { customer: 'the customer', representative: 'someone acting for the customer' } as const;
/** What the customer said when asking to withdraw, leaving room within the reason's limit for who asked and how. */
const WITHDRAWAL_WORDS = TEXT_LIMITS.reason - 100;
export type FieldErrors = Record<string, string>;

/** What a submitted modal asks for, or the errors to show next to its fields. */
export function readSubmission(
  kind: ModalKind,
  view: ViewOutput,
  { staff, rootCauses }: ModalChoices,
): { ok: true; submission: Submission } | { ok: false; errors: FieldErrors } {
  const values = view.state.values;
  const text = (block: string) => values[block]?.value?.value?.trim() ?? '';
  // what the customer reads, in clean text rather than Slack's markup, and checked against the limit as such
  const forCustomer = (block: string) => staffTextForCustomer(text(block), (id) => staff.firstName(id), 'form');
  const option = (block: string) => values[block]?.value?.selected_option?.value ?? undefined;
  switch (kind) {
    case 'assess':
    case 'reassess': {
      const parsed = parse(assessSchema, {
        severity: option('severity'),
        impact: option('impact'),
        complexity: option('complexity'),
        urgency: option('urgency'),
        health_or_safety: (values.health_or_safety?.value?.selected_options ?? []).length > 0,
        summary: text('summary') || undefined,
      });
      if (!parsed.ok) return parsed;
      const { health_or_safety: healthOrSafety, ...rest } = parsed.data;
      return command({ type: kind, assessment: { ...rest, healthOrSafety } });
    }
    case 'record_answer': {
      const parsed = parse(z.object({ answer: choice(['accept', 'reject']), means: keyOf(ANSWER_MEANS), reason: optionalText(TEXT_LIMITS.reason) }), {
        answer: option('answer'),
        means: option('means'),
        reason: text('reason') || undefined,
      });
      if (!parsed.ok) return parsed;
      const { answer, means, reason } = parsed.data;
      const how = `The customer answered ${ANSWER_MEANS[means]}.`;
      if (answer === 'accept') return command({ type: 'accept_response' }, how);
      return command({ type: 'reject_response', ...(reason ? { reason } : {}) }, how);
    }
    case 'mark_unresolved':
    case 'reopen': {
      const parsed = parse(z.object({ reason: required(TEXT_LIMITS.reason) }), { reason: text('reason') });
      return parsed.ok ? command({ type: kind, reason: parsed.data.reason }) : parsed;
    }
    case 'withdraw': {
      const parsed = parse(z.object({ asked_by: keyOf(ASKED_BY), means: keyOf(ANSWER_MEANS), reason: optionalText(WITHDRAWAL_WORDS) }), {
        asked_by: option('asked_by'),
        means: option('means'),
        reason: text('reason') || undefined,
      });
      if (!parsed.ok) return parsed;
      const { asked_by: askedBy, means, reason } = parsed.data;
      // staff withdraw a complaint only on the word of the customer or someone acting for them: who, and how, is kept
      const asked = `Asked by ${ASKED_BY[askedBy]} ${ANSWER_MEANS[means]}`;
      return command({ type: 'withdraw', reason: reason ? `${asked}: ${reason}` : `${asked}.` });
    }
    case 'request_information': {
      const parsed = parse(z.object({ question: required(TEXT_LIMITS.question) }), { question: forCustomer('question') });
      return parsed.ok ? command({ type: 'request_information', question: parsed.data.question }) : parsed;
    }
    case 'propose_response': {
      const parsed = parse(z.object({ outcome: required(TEXT_LIMITS.outcome), explanation: required(TEXT_LIMITS.explanation) }), {
        outcome: forCustomer('outcome'),
        explanation: forCustomer('explanation'),
      });
      const waiver = option('waive_time_limits');
      const waiveTimeLimits = waiver === undefined ? {} : { waiveTimeLimits: waiver === 'yes' };
      return parsed.ok ? command({ type: 'propose_response', ...parsed.data, ...waiveTimeLimits }) : parsed;
    }
    case 'send_holding_response': {
      const parsed = parse(z.object({ reasons: required(TEXT_LIMITS.holdingReasons), expected_by: z.iso.date({ error: 'Please choose a date.' }) }), {
        reasons: forCustomer('reasons'),
        expected_by: values.expected_by?.value?.selected_date ?? undefined,
      });
      // the date chosen is a day: the final response is promised by its end
      return parsed.ok
        ? command({ type: 'send_holding_response', reasons: parsed.data.reasons, expectedBy: `${parsed.data.expected_by}T23:59:59Z` })
        : parsed;
    }
    case 'close': {
      const parsed = parse(z.object({ outcome: required(TEXT_LIMITS.outcome), root_cause: oneOf(rootCauses.map((cause) => cause.id)) }), {
        outcome: forCustomer('outcome'),
        root_cause: option('root_cause'),
      });
      return parsed.ok ? command({ type: 'close', outcome: parsed.data.outcome, rootCause: parsed.data.root_cause }) : parsed;
    }
    case 'assign': {
      const assignee = values.assignee?.value?.selected_user ?? '';
      if (!assignee) return { ok: false, errors: { assignee: 'Choose who should handle the case.' } };
      if (!staff.isStaff(assignee)) {
        return { ok: false, errors: { assignee: 'That person is not a case handler or supervisor in Redress.' } };
      }
      return command({ type: 'assign', assigneeId: assignee });
    }
    case 'reply': {
      const parsed = parse(z.object({ text: required(TEXT_LIMITS.reply) }), { text: forCustomer('text') });
      return parsed.ok ? { ok: true, submission: { kind: 'reply', text: parsed.data.text } } : parsed;
    }
  }
}

/** A message about the whole submission, shown at the modal's first field (Slack shows errors only next to inputs). */
export function modalError(kind: ModalKind, text: string): FieldErrors {
  return { [FIRST_FIELD[kind]]: text };
}

/** A refusal from the workflow, shown next to the field it concerns, or the first one when it concerns the whole. */
export function submissionErrors(kind: ModalKind, error: DomainError): FieldErrors {
  const fields = Array.isArray(error.details.fields) ? (error.details.fields as { field: string; message: string }[]) : [];
  if (error.code === 'validation_failed' && fields.length > 0) {
    return modalError(kind, fields.map((f) => `${f.field} ${f.message}`).join('; '));
  }
  // what a regulated response lacks is shown at its own input, in words
  if (error.code === 'response_missing_element' && fields.length > 0) {
    return Object.fromEntries(fields.map((f) => [RESPONSE_FIELD_BLOCKS[f.field] ?? FIRST_FIELD[kind], `This ${f.message.replace(/^is required: /, 'is required, as ')}.`]));
  }
  return modalError(kind, refusalText(error));
}

function command(command: ComplaintCommand, reason?: string): { ok: true; submission: Submission } {
  return { ok: true, submission: { kind: 'command', command, ...(reason ? { reason } : {}) } };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false, errors };
}

const required = (max: number) =>
  z.string().overwrite(cleanText).trim().min(1, 'Please fill this in.').max(max, `Please keep this to ${max} characters or fewer.`);

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: 'Please choose one.' });
const keyOf = <K extends string>(record: Record<K, string>) => choice(Object.keys(record) as [K, ...K[]]);
const optionalText = (max: number) =>
  z.string().overwrite(cleanText).trim().max(max, `Please keep this to ${max} characters or fewer.`).optional();
const oneOf = (values: readonly string[]) => z.string({ error: 'Please choose one.' }).refine((value) => values.includes(value), 'Please choose one.');

const assessSchema = z.object({
  severity: choice(SEVERITIES),
  impact: choice(LEVELS),
  complexity: choice(LEVELS),
  urgency: choice(LEVELS),
  health_or_safety: z.boolean(),
  summary: z.string().overwrite(cleanText).max(TEXT_LIMITS.assessmentSummary, `Please keep this to ${TEXT_LIMITS.assessmentSummary} characters or fewer.`).optional(),
});

type ModalParts = { title: string; submit: string; blocks: types.KnownBlock[] };

const MODALS: Record<ModalKind, (complaint: Complaint, choices: ModalChoices) => ModalParts> = {
  assess: (complaint) => ({
    title: 'Assess the complaint',
    submit: 'Save assessment',
    blocks: assessmentBlocks(complaint),
  }),
  reassess: (complaint) => ({
    title: 'Reassess the complaint',
    submit: 'Save assessment',
    blocks: [note('What changed since the last assessment? The priority follows the new one.'), ...assessmentBlocks(complaint)],
  }),
  record_answer: (complaint) => ({
    title: 'Customer’s answer',
    submit: 'Record answer',
    blocks: [
      note(
        complaint.proposedResponse
          ? `Offered: ${escapeMrkdwn(complaint.proposedResponse.outcome)}\nRecord what the customer said when they answered by phone, letter or in person.`
          : 'Record what the customer said when they answered by phone, letter or in person.',
      ),
      select('answer', 'Their answer', [
        { text: plain('They accept the resolution'), value: 'accept' },
        { text: plain('They reject it'), value: 'reject' },
      ]),
      select('means', 'How they answered', meansOptions()),
      textInput('reason', 'What they said (if they reject it, why)', { multiline: true, max: TEXT_LIMITS.reason, optional: true }),
    ],
  }),
  mark_unresolved: () => ({
    title: 'Mark unresolved',
    submit: 'Mark unresolved',
    blocks: [
      note('The final response deadline has passed without a response the customer accepted. The case is recorded as unresolved; a supervisor can then close it.'),
      textInput('reason', 'Why it is unresolved', { multiline: true, max: TEXT_LIMITS.reason }),
    ],
  }),
  withdraw: () => ({
    title: 'Withdraw the complaint',
    submit: 'Withdraw',
    blocks: [
      note('A complaint is withdrawn only when the customer, or someone acting for them, asks for it. Who asked, and how, is kept in the case history.'),
      select('asked_by', 'Who asked for it', [
        { text: plain('The customer'), value: 'customer' },
        { text: plain('Someone acting for the customer'), value: 'representative' },
      ]),
      select('means', 'How they asked', meansOptions()),
      textInput('reason', 'What they said', { multiline: true, max: WITHDRAWAL_WORDS, optional: true }),
    ],
  }),
  reopen: () => ({
    title: 'Reopen the complaint',
    submit: 'Reopen',
    blocks: [
      note('The case goes back to investigation with fresh response deadlines from the code of conduct.'),
      textInput('reason', 'Why it is reopened', { multiline: true, max: TEXT_LIMITS.reason }),
    ],
  }),
  request_information: (complaint, { channels }) => ({
    title: 'Ask the customer',
    submit: 'Ask',
    blocks: [
      note(
        `Redress sends your question to the customer by ${customerWords(complaint, channels)}. ` +
          (complaint.deadlines.some((d) => d.settledAt === null && d.runsWhilePaused)
            ? 'The case then waits for their answer. The regulator’s time limits keep running meanwhile; our other promised deadlines pause.'
            : 'The case then waits for their answer, and the promised deadlines pause meanwhile.'),
      ),
      textInput('question', 'What do you need to know?', { multiline: true, max: TEXT_LIMITS.question }),
    ],
  }),
  propose_response: () => ({
    title: 'Propose a resolution',
    submit: 'Propose',
    blocks: [
      textInput('outcome', 'Outcome offered', { max: TEXT_LIMITS.outcome, placeholder: 'A full refund of £24.99' }),
      textInput('explanation', 'Explanation for the customer', { multiline: true, max: TEXT_LIMITS.explanation }),
      {
        type: 'input',
        block_id: 'waive_time_limits',
        optional: true,
        label: plain('Do we consent to the ombudsman looking at it outside its time limits?'),
        hint: plain('Required where the code of conduct says the final response must say so (FCA DISP 1 Annex 3R).'),
        element: { type: 'static_select', action_id: 'value', options: [{ text: plain('No'), value: 'no' }, { text: plain('Yes'), value: 'yes' }] },
      },
    ],
  }),
  send_holding_response: () => ({
    title: 'Holding response',
    submit: 'Send',
    blocks: [
      note('The customer is told why there is no final response yet, when to expect it, and where they can go now.'),
      textInput('reasons', 'Why we cannot give the final response yet', { multiline: true, max: TEXT_LIMITS.holdingReasons }),
      {
        type: 'input',
        block_id: 'expected_by',
        label: plain('When we expect to give the final response'),
        element: { type: 'datepicker', action_id: 'value' },
      },
    ],
  }),
  close: (complaint, { rootCauses }) => ({
    title: 'Close the case',
    submit: 'Close case',
    blocks: [
      ...(complaint.status !== 'resolved'
        ? [note('The customer has not accepted the resolution: only a supervisor can close the case now.')]
        : []),
      textInput('outcome', 'Outcome', { max: TEXT_LIMITS.outcome }),
      select('root_cause', 'Root cause', rootCauses.map((cause) => ({ text: plain(cause.label), value: cause.id }))),
    ],
  }),
  assign: (complaint, { staff }) => {
    const lines = [
      complaint.assigneeId ? `Now with ${personWords(complaint.assigneeId)}.` : 'Nobody has the case yet.',
      `Handlers: ${staff.handlers().map(personWords).join(', ') || 'none'}`,
      `Supervisors: ${staff.supervisors().map(personWords).join(', ') || 'none'}`,
    ];
    if (complaint.involvedStaffIds.length > 0) {
      lines.push(`Named as involved, so cannot handle it: ${complaint.involvedStaffIds.map(personWords).join(', ')}`);
    }
    return {
      title: complaint.assigneeId ? 'Reassign the case' : 'Assign the case',
      submit: 'Assign',
      blocks: [
        note(lines.join('\n')),
        { type: 'input', block_id: 'assignee', label: plain('Who should handle it?'), element: { type: 'users_select', action_id: 'value' } },
      ],
    };
  },
  reply: (complaint, { channels }) => ({
    title: 'Reply to customer',
    submit: 'Send',
    blocks: [
      note(`*This goes to the customer* by ${customerWords(complaint, channels)}, and is kept in the case history.`),
      textInput('text', 'Message to the customer', { multiline: true, max: TEXT_LIMITS.reply }),
    ],
  }),
};

/** The assessment's inputs, showing the current assessment when there is one. */
function assessmentBlocks(complaint: Complaint): types.KnownBlock[] {
  const current = complaint.assessment;
  return [
    select('severity', 'Severity', options(SEVERITIES), current?.severity),
    select('impact', 'Impact on the customer', options(LEVELS), current?.impact),
    select('complexity', 'Complexity', options(LEVELS), current?.complexity),
    select('urgency', 'Urgency', options(LEVELS), current?.urgency),
    {
      type: 'input',
      block_id: 'health_or_safety',
      optional: true,
      label: plain('Health or safety'),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [HEALTH_OR_SAFETY],
        ...(current?.healthOrSafety ? { initial_options: [HEALTH_OR_SAFETY] } : {}),
      },
    },
    textInput('summary', 'Assessment summary', { multiline: true, max: TEXT_LIMITS.assessmentSummary, optional: true }),
  ];
}

const HEALTH_OR_SAFETY: types.PlainTextOption = { text: plain('It touches someone’s health or safety'), value: 'yes' };

function meansOptions(): types.PlainTextOption[] {
  return [
    { text: plain('By phone'), value: 'phone' },
    { text: plain('By letter'), value: 'letter' },
    { text: plain('By email'), value: 'email' },
    { text: plain('In person'), value: 'in_person' },
  ];
}

function customerWords(complaint: Complaint, channels: ContactRouting): string {
  const { channel } = customerAddress(complaint, channels);
  return `${CUSTOMER_CHANNEL_WORDS[channel] ?? escapeMrkdwn(channel)} (${escapeMrkdwn(maskContact(complaint.contact))})`;
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}

function note(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function options(values: readonly string[]): types.PlainTextOption[] {
  return values.map((value) => ({ text: plain(value.charAt(0).toUpperCase() + value.slice(1)), value }));
}

function select(blockId: string, label: string, choices: types.PlainTextOption[], initial?: string): types.InputBlock {
  const chosen = choices.find((choice) => choice.value === initial);
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: { type: 'static_select', action_id: 'value', options: choices, ...(chosen ? { initial_option: chosen } : {}) },
  };
}

function textInput(
  blockId: string,
  label: string,
  options: { multiline?: boolean; max: number; optional?: boolean; placeholder?: string },
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: options.max,
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    },
  };
}
