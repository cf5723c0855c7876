import { describe, expect, it } from '@jest/globals';
import { aComplaint, aComplaintIn } from '../../src/complaints/domain/complaint.fixtures.js';
import type { ComplaintStatus } from '../../src/complaints/domain/complaint.js';
import { anonymisedComplaint } from '../../src/complaints/domain/anonymised-complaint.js';
import { actionRefusal, caseCard, cardActions, supervisorOnlyActions, type CardAction, type CardContext } from './case-card.js';

const context: CardContext = {
  now: new Date('2026-03-02T12:00:00.000Z'),
  timeZone: 'Europe/London',
  reopenWindowDays: 30,
  categoryLabel: (id) => ({ delivery: 'Delivery' })[id] ?? id,
};

const handler = { kind: 'staff', id: 'U0HANDLER1', role: 'handler' } as const;
const supervisor = { kind: 'staff', id: 'U0SUPER01', role: 'supervisor' } as const;

describe(cardActions.name, () => {
  it.each<[ComplaintStatus, string | null, CardAction[]]>([
    ['received', null, ['acknowledge', 'assign_self', 'withdraw', 'reply']],
    ['acknowledged', null, ['assign_self', 'assess', 'withdraw', 'reply']],
    ['assessed', 'U0HANDLER1', ['reassess', 'start_investigation', 'withdraw', 'reply']],
    ['investigating', 'U0HANDLER1', ['reassess', 'request_information', 'propose_response', 'withdraw', 'reply']],
    ['awaiting_customer', 'U0HANDLER1', ['reassess', 'withdraw', 'reply']],
    ['response_proposed', 'U0HANDLER1', ['withdraw', 'reply']],
    ['resolved', 'U0HANDLER1', ['close', 'reply']],
    ['unresolved', 'U0HANDLER1', ['withdraw', 'reply']],
    ['closed', 'U0HANDLER1', ['reopen']],
    ['withdrawn', null, ['reopen']],
  ])('offers on the card in the channel at %s (assignee %s) what any handler may use', (status, assigneeId, expected) => {
    expect(cardActions(aComplaintIn(status, { assigneeId }), context)).toEqual(expected);
  });

  it.each<[ComplaintStatus, string | null, CardAction[]]>([
    ['received', null, ['assign']],
    ['assessed', 'U0HANDLER1', ['reassign']],
    ['response_proposed', 'U0HANDLER1', ['reassign', 'close']],
    ['resolved', 'U0HANDLER1', []],
    ['closed', 'U0HANDLER1', []],
  ])('names at %s (assignee %s) the steps only a supervisor may take', (status, assigneeId, expected) => {
    expect(supervisorOnlyActions(aComplaintIn(status, { assigneeId }), context)).toEqual(expected);
  });

  it('offers to record the customer’s answer when it comes by phone or letter, not through Redress', () => {
    expect(cardActions(aComplaintIn('response_proposed', { channel: 'phone' }), context)).toContain('record_answer');
    expect(cardActions(aComplaintIn('response_proposed', { channel: 'letter' }), context)).toContain('record_answer');
    expect(cardActions(aComplaintIn('response_proposed', { channel: 'sms' }), context)).not.toContain('record_answer');
  });

  it('offers to mark a case unresolved once its final response deadline has passed, and reopening only within the window', () => {
    const late = { ...context, now: new Date('2026-03-31T09:00:00.000Z') };
    expect(cardActions(aComplaintIn('investigating'), late)).toContain('mark_unresolved');
    const closed = aComplaintIn('closed', { closedAt: '2026-03-01T09:00:00.000Z' });
    expect(cardActions(closed, late)).toEqual(['reopen']);
    expect(cardActions(closed, { ...late, now: new Date('2026-04-01T09:00:00.000Z') })).toEqual([]);
  });

  it('shows one person only the buttons they may use', () => {
    const proposed = aComplaintIn('response_proposed', { assigneeId: 'U0HANDLER1' });
    expect(cardActions(proposed, context, handler)).toEqual(['withdraw', 'reply']);
    expect(cardActions(proposed, context, supervisor)).toEqual(['reassign', 'close', 'withdraw', 'reply']);
    expect(cardActions({ ...proposed, involvedStaffIds: ['U0SUPER01'] }, context, supervisor)).toEqual([]);
  });
});

describe(actionRefusal.name, () => {
  it('tells a handler why a button on the shared card is not theirs', () => {
    const proposed = aComplaintIn('response_proposed', { assigneeId: 'U0HANDLER1' });
    expect(actionRefusal('close', proposed, handler, context)?.code).toBe('complaint_close_needs_supervisor');
    expect(actionRefusal('reassign', proposed, handler, context)?.code).toBe('complaint_reassign_needs_supervisor');
    expect(actionRefusal('reply', { ...proposed, involvedStaffIds: ['U0HANDLER1'] }, handler, context)?.code).toBe('complaint_staff_involved');
    expect(actionRefusal('reply', aComplaintIn('closed'), handler, context)?.code).toBe('complaint_ended');
    expect(actionRefusal('close', proposed, supervisor, context)).toBeNull();
  });
});

describe(caseCard.name, () => {
  it('masks the contact, also inside the description, and escapes what Slack would read as mentions', () => {
    const card = JSON.stringify(
      caseCard(aComplaint({ description: 'Ring me on +44 7911 123456 <!channel> & soon' }), context).blocks,
    );
    expect(card).toContain('+44 •••• ••• 456');
    expect(card).not.toMatch(/7911\s?123456/);
    expect(card).toContain('&lt;!channel&gt; &amp; soon');
  });

  it('says the customer’s details were erased, rather than showing an empty contact and story', () => {
    const erased = anonymisedComplaint(aComplaintIn('withdrawn', { description: 'Ring me on +44 7911 123456' }), '2026-09-03T10:00:00.000Z');
    const card = JSON.stringify(caseCard(erased, context).blocks);
    expect(card).toContain('"text":"*Contact*\\n_Erased_"');
    expect(card).toContain('*Summary*\\n_Erased_');
    expect(card).not.toMatch(/7911|Ring me/);
    expect(card).toContain('Delivery');
  });

  it('shows a bidirectional override in the story instead of letting it reverse an amount', () => {
    const card = JSON.stringify(caseCard(aComplaint({ description: 'They took \u202E0004\u202C GBP' }), context).blocks);
    expect(card).toContain('They took [U+202E]0004[U+202C] GBP');
  });

  it('tells each promise in words with its state', () => {
    const card = JSON.stringify(caseCard(aComplaint(), context).blocks);
    expect(card).toContain('Acknowledgement by Tuesday 3 March 2026 at 23:59 GMT: on track');
    const late = JSON.stringify(caseCard(aComplaint(), { ...context, now: new Date('2026-03-04T00:00:00Z') }).blocks);
    expect(late).toContain('Acknowledgement by Tuesday 3 March 2026 at 23:59 GMT: :warning: *overdue*');
  });

  it('keeps a supervisor’s steps off the card in the channel and says where a supervisor finds them', () => {
    const proposed = aComplaintIn('response_proposed', { assigneeId: 'U0HANDLER1' });
    const shared = JSON.stringify(caseCard(proposed, context).blocks);
    expect(shared).not.toContain('"Reassign"');
    expect(shared).toContain(`Only a supervisor may take these steps now: *Reassign*, *Close*. \`/complaint ${proposed.reference}\` gives a supervisor their buttons.`);
    const own = JSON.stringify(caseCard(proposed, context, { buttons: true, viewer: supervisor }).blocks);
    expect(own).toContain('"Reassign"');
    expect(own).not.toContain('Only a supervisor may');
  });

  it('leaves the buttons and the thread rule off when asked', () => {
    const { blocks } = caseCard(aComplaint(), context, { buttons: false });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section']);
  });
});
