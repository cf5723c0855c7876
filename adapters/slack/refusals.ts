import type { DomainError } from '../../src/common/domain-error.js';
import { STATUSES } from '../../src/complaints/domain/complaint.js';
import { STAGE_WORDS } from './staff-words.js';

export const NOT_STAFF =
  'Only the case handlers and supervisors set up in Redress can work on complaints, so nothing was changed. ' +
  'Ask your Redress administrator to add you.';

export const NOT_STAFF_NOTE =
  'Your message was not kept as a note on the case: only the case handlers and supervisors set up in Redress can add notes.';

/** Why the workflow said no, in words for the person who asked; nothing changed when any of these is shown. */
export function refusalText(error: DomainError): string {
  switch (error.code) {
    case 'complaint_reassign_needs_supervisor':
      return 'Only a supervisor can reassign a case or assign it to someone else; a handler can take an unassigned case with Assign to me. Nothing was changed.';
    case 'complaint_close_needs_supervisor':
      return 'Only a supervisor can close a case before the customer has accepted the resolution (while it waits for their answer, after they rejected it, or once it is marked unresolved). Nothing was changed.';
    case 'complaint_handler_involved':
      return 'Someone named as involved in a complaint cannot handle it, so that it is dealt with objectively. Nothing was changed.';
    case 'complaint_staff_involved':
      return 'You are named as involved in this complaint, so you cannot act on it or write to the customer: someone else has to deal with it, so that it is dealt with objectively. Nothing was changed.';
    case 'complaint_already_assigned':
      return 'The case is already assigned to that person.';
    case 'complaint_invalid_transition': {
      const status = STATUSES.find((s) => s === error.details.status);
      const stage = status ? `is now "${STAGE_WORDS[status]}"` : 'has moved on';
      return `The case ${stage}, so that step is not possible any more. The card shows what can be done now.`;
    }
    case 'complaint_ended':
      return 'The case is closed or withdrawn: it has to be reopened before anyone writes to the customer.';
    case 'complaint_not_found':
      return 'No complaint has that reference.';
    case 'text_too_long':
      return `That is ${String(error.details.length)} characters, and Redress takes at most ${String(error.details.limit)} for a ${String(error.details.field)}. Nothing was changed.`;
    case 'complaint_busy':
      return 'The case was changing at the same moment. Please try again.';
    case 'response_missing_element':
    case 'validation_failed': {
      const fields = Array.isArray(error.details.fields) ? (error.details.fields as { field: string; message: string }[]) : [];
      return fields.length > 0 ? fields.map((f) => `${f.field} ${f.message}`).join('; ') : error.message;
    }
    default:
      return error.message;
  }
}
