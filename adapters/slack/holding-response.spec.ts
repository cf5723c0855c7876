import { describe, expect, it } from '@jest/globals';
import type { ViewOutput } from '@slack/bolt';
import { TEST_ROUTING } from '../../src/channels/routing.fixtures.js';
import { DomainError } from '../../src/common/domain-error.js';
import { aComplaintIn, deadline } from '../../src/complaints/domain/complaint.fixtures.js';
import { cardActions } from './case-card.js';
import { caseModal, readSubmission, submissionErrors } from './case-modals.js';
import { deadlineAlert } from './case-thread.js';
import { StaffDirectory } from './staff-directory.js';

const choices = { staff: new StaffDirectory(['U0HANDLER1'], []), rootCauses: [{ id: 'process', label: 'A process' }], channels: TEST_ROUTING };
const submitted = (view: ReturnType<typeof caseModal>, values: Record<string, Record<string, unknown>>) =>
  ({ ...view, id: 'V1', state: { values } }) as unknown as ViewOutput;
const context = { now: new Date('2026-03-20T12:00:00.000Z'), timeZone: 'Europe/London', reopenWindowDays: 30, categoryLabel: (id: string) => id };
const owing = aComplaintIn('investigating', { deadlines: [deadline('time_to_holding_response', '2026-04-27T09:00:00.000Z')] });

describe('holding responses in Slack', () => {
  it('asks the person with the case near the deadline, with a button for the holding response', () => {
    const alert = deadlineAlert('7K4M-9P2Q', 'deadline_warning', { indicator: 'time_to_holding_response', promise: '', dueAt: '2026-04-27T09:00:00.000Z', needs: 'holding_response' }, ['U0HANDLER1'], 'Europe/London');
    expect(JSON.stringify(alert.blocks)).toContain('"action_id":"case:send_holding_response"');
    expect(JSON.stringify(alert.blocks)).toContain('send the holding response now: your reasons and when you expect to answer');
    const plain = deadlineAlert('7K4M-9P2Q', 'deadline_warning', { indicator: 'time_to_final_response', promise: '', dueAt: '2026-04-27T09:00:00.000Z' }, [], 'Europe/London');
    expect(JSON.stringify(plain.blocks)).not.toContain('send_holding_response');
  });

  it('offers the button only while a holding-response promise runs', () => {
    expect(cardActions(owing, context)).toContain('send_holding_response');
    expect(cardActions(aComplaintIn('investigating'), context)).not.toContain('send_holding_response');
    expect(cardActions({ ...owing, deadlines: [deadline('time_to_holding_response', '2026-04-27T09:00:00.000Z', '2026-04-20T09:00:00.000Z')] }, context)).not.toContain('send_holding_response');
  });

  it('turns the form into the command: the reasons and the chosen day, to its end; without reasons or a day it asks for them', () => {
    const view = caseModal('send_holding_response', owing, choices);
    expect(readSubmission('send_holding_response', submitted(view, { reasons: { value: { value: ' Waiting for the bank. ' } }, expected_by: { value: { selected_date: '2026-05-11' } } }), choices)).toEqual({
      ok: true,
      submission: { kind: 'command', command: { type: 'send_holding_response', reasons: 'Waiting for the bank.', expectedBy: '2026-05-11T23:59:59Z' } },
    });
    expect(readSubmission('send_holding_response', submitted(view, { reasons: { value: { value: '' } }, expected_by: { value: {} } }), choices)).toEqual({
      ok: false,
      errors: { reasons: 'Please fill this in.', expected_by: 'Please choose a date.' },
    });
  });

  it('FCA DISP 1 Annex 3R: a proposal says whether we consent to waive the time limits, and a refusal for lacking it shows in the form', () => {
    const view = caseModal('propose_response', owing, choices);
    const propose = (waiver?: string) =>
      readSubmission('propose_response', submitted(view, { outcome: { value: { value: 'A refund' } }, explanation: { value: { value: 'Our mistake.' } }, waive_time_limits: { value: { selected_option: waiver && { value: waiver } } } }), choices);
    expect(propose('no')).toMatchObject({ ok: true, submission: { command: { waiveTimeLimits: false } } });
    expect(propose('yes')).toMatchObject({ ok: true, submission: { command: { waiveTimeLimits: true } } });
    expect(propose()).toMatchObject({ ok: true, submission: { command: { type: 'propose_response' } } });
    const refusal = new DomainError('invalid', 'response_missing_element', 'The response lacks waiveTimeLimits.', {
      fields: [{ field: 'waiveTimeLimits', message: 'is required: the response must say whether we consent to waive the ombudsman’s time limits' }],
    });
    expect(submissionErrors('propose_response', refusal)).toEqual({
      waive_time_limits: 'This is required, as the response must say whether we consent to waive the ombudsman’s time limits.',
    });
  });
});
