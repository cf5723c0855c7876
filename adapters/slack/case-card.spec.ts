import { describe, expect, it } from '@jest/globals';
import { aComplaint, aComplaintIn } from '../../src/complaints/domain/complaint.fixtures.js';
import type { ComplaintStatus } from '../../src/complaints/domain/complaint.js';
import { anonymisedComplaint } from '../../src/complaints/domain/anonymised-complaint.js';
import { caseCard, cardActions, type CardAction, type CardContext } from './case-card.js';

const context: CardContext = {
  now: new Date('2026-03-02T12:00:00.000Z'),
  timeZone: 'Europe/London',
  categoryLabel: (id) => ({ delivery: 'Delivery' })[id] ?? id,
};

describe(cardActions.name, () => {
  it.each<[ComplaintStatus, string | null, CardAction[]]>([
    ['received', null, ['acknowledge', 'assign_self', 'assign', 'reply']],
    ['acknowledged', null, ['assign_self', 'assign', 'assess', 'reply']],
    ['assessed', 'U0HANDLER1', ['reassign', 'start_investigation', 'reply']],
    ['investigating', 'U0HANDLER1', ['reassign', 'request_information', 'propose_response', 'reply']],
    ['awaiting_customer', 'U0HANDLER1', ['reassign', 'reply']],
    ['response_proposed', 'U0HANDLER1', ['reassign', 'close', 'reply']],
    ['resolved', 'U0HANDLER1', ['close', 'reply']],
    ['unresolved', 'U0HANDLER1', ['reassign', 'close', 'reply']],
    ['closed', 'U0HANDLER1', []],
    ['withdrawn', null, []],
  ])('offers at %s (assignee %s) what the workflow allows', (status, assigneeId, expected) => {
    expect(cardActions(aComplaintIn(status, { assigneeId }))).toEqual(expected);
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

  it('leaves the buttons and the thread rule off when asked', () => {
    const { blocks } = caseCard(aComplaint(), context, { buttons: false });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section']);
  });
});
