import { describe, expect, it } from '@jest/globals';
import { aCaseEvent } from '../complaints/domain/case-events.fixtures.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { aComplaintIn } from '../complaints/domain/complaint.fixtures.js';
import type { Complaint } from '../complaints/domain/complaint.js';
import { TEST_ROUTING } from '../channels/routing.fixtures.js';
import { customerMessagesPolicy } from './customer-messages.policy.js';

const staff: Actor = { kind: 'staff', id: 'U1', role: 'handler' };
const at = '2026-03-05T12:00:00.000Z';

function reply(policy: ReturnType<typeof customerMessagesPolicy>, complaint: Partial<Complaint> = {}) {
  const after = aComplaintIn('investigating', complaint);
  return policy({ before: after, after, events: [{ ...aCaseEvent('message.sent_to_customer', { text: 'Your refund is on its way.' }), actor: staff, at }] });
}

describe(customerMessagesPolicy.name, () => {
  it('says who wrote a staff reply: the team, in the customer’s language', () => {
    expect(reply(customerMessagesPolicy({}, TEST_ROUTING))[0].payload).toEqual({
      key: 'staff_reply',
      variables: { text: 'Your refund is on its way.', from: 'Complaints team' },
      language: 'en',
    });
    expect(reply(customerMessagesPolicy({}, TEST_ROUTING), { language: 'es' })[0].payload.variables).toMatchObject({ from: 'Equipo de reclamaciones' });
  });

  it('signs with the writer\'s first name when staff have one, else the code of conduct\'s team', () => {
    const firstNames = { U1: 'Priya' };
    expect(reply(customerMessagesPolicy({ firstNames, replyName: 'Billing team' }, TEST_ROUTING))[0].payload.variables).toMatchObject({ from: 'Priya' });
    expect(reply(customerMessagesPolicy({ firstNames: { U2: 'Sam' }, team: 'customer care team' }, TEST_ROUTING))[0].payload.variables).toMatchObject({
      from: 'Customer care team',
    });
  });

  it('signs with the configured name instead', () => {
    expect(reply(customerMessagesPolicy({ replyName: 'Priya, Example Bank' }, TEST_ROUTING))[0].payload.variables).toMatchObject({ from: 'Priya, Example Bank' });
  });
});
