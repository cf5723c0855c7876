import { describe, expect, it } from '@jest/globals';
import type { ViewOutput } from '@slack/bolt';
import { DomainError } from '../../src/common/domain-error.js';
import { aComplaint, aComplaintIn } from '../../src/complaints/domain/complaint.fixtures.js';
import { generateReference } from '../../src/complaints/domain/reference.js';
import { caseModal, modalReference, readSubmission, submissionErrors } from './case-modals.js';
import { StaffDirectory } from './staff-directory.js';
import { TEST_ROUTING } from '../../src/channels/routing.fixtures.js';

const staff = new StaffDirectory(['U0HANDLER1'], ['U0SUPER01']);
const choices = { staff, rootCauses: [{ id: 'courier', label: 'The courier' }, { id: 'process', label: 'A process' }], channels: TEST_ROUTING };

function submitted(view: ReturnType<typeof caseModal>, values: Record<string, Record<string, unknown>>): ViewOutput {
  return { ...view, id: 'V1', state: { values } } as unknown as ViewOutput;
}

describe(readSubmission.name, () => {
  it('turns a close into the workflow command, with its root cause', () => {
    const reference = generateReference((max) => 7 % max);
    const view = caseModal('close', aComplaintIn('resolved', { reference }), choices);
    const values = {
      outcome: { value: { type: 'plain_text_input', value: ' Refunded ' } },
      root_cause: { value: { type: 'static_select', selected_option: { value: 'process' } } },
    };
    expect(readSubmission('close', submitted(view, values), choices)).toEqual({
      ok: true,
      submission: { kind: 'command', command: { type: 'close', outcome: 'Refunded', rootCause: 'process' } },
    });
    expect(modalReference(submitted(view, values))).toBe(reference);
    expect(modalReference(submitted({ ...view, private_metadata: '{"reference":"7K4M-9P2Y"}' }, values))).toBeUndefined();
  });

  it('offers the code of conduct’s root causes, and takes none other', () => {
    const view = caseModal('close', aComplaintIn('resolved'), choices);
    expect(JSON.stringify(view)).toContain('{"text":{"type":"plain_text","text":"The courier"},"value":"courier"}');
    const close = (rootCause?: string) =>
      readSubmission('close', submitted(view, { outcome: { value: { value: 'Refunded' } }, root_cause: { value: { selected_option: rootCause && { value: rootCause } } } }), choices);
    expect(close('courier')).toMatchObject({ ok: true, submission: { command: { rootCause: 'courier' } } });
    expect(close('people')).toEqual({ ok: false, errors: { root_cause: 'Please choose one.' } });
    expect(close()).toEqual({ ok: false, errors: { root_cause: 'Please choose one.' } });
  });

  it('names each field that is missing or too long', () => {
    const view = caseModal('propose_response', aComplaint(), choices);
    const result = readSubmission('propose_response', submitted(view, { outcome: { value: { value: 'x'.repeat(501) } } }), choices);
    expect(result).toEqual({ ok: false, errors: { outcome: 'Please keep this to 500 characters or fewer.', explanation: 'Please fill this in.' } });
  });

  it('accepts only staff as assignees', () => {
    const view = caseModal('assign', aComplaint(), choices);
    const pick = (id: string) => readSubmission('assign', submitted(view, { assignee: { value: { selected_user: id } } }), choices);
    expect(pick('U0SUPER01')).toEqual({ ok: true, submission: { kind: 'command', command: { type: 'assign', assigneeId: 'U0SUPER01' } } });
    expect(pick('U0NOBODY')).toEqual({ ok: false, errors: { assignee: 'That person is not a case handler or supervisor in Redress.' } });
  });
});

describe(submissionErrors.name, () => {
  it('puts a workflow refusal next to the modal’s first field', () => {
    const refusal = new DomainError('forbidden', 'complaint_reassign_needs_supervisor', 'Only a supervisor may reassign a complaint.');
    expect(submissionErrors('assign', refusal)).toEqual({ assignee: expect.stringContaining('Only a supervisor can reassign a case') });
  });
});

describe(caseModal.name, () => {
  it('tells where a reply goes, with the address masked', () => {
    const view = JSON.stringify(caseModal('reply', aComplaint({ contact: { kind: 'email', value: 'sam@example.com' } }), choices));
    expect(view).toContain('*This goes to the customer* by email (s•••@e•••.com)');
    expect(view).not.toContain('sam@example.com');
  });
});
