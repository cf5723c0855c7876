import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../complaints/domain/complaint.commands.js';
import { aComplaintIn, deadline } from '../../complaints/domain/complaint.fixtures.js';
import type { Complaint } from '../../complaints/domain/complaint.js';
import { statusUpdatesPolicy } from './status-updates.policy.js';

const policy = statusUpdatesPolicy({ timeZone: 'Europe/London', locale: 'en-GB', reopenWindowDays: 30 });
const staff: Actor = { kind: 'staff', id: 'U1', role: 'handler' };
const at = '2026-03-05T12:00:00.000Z';

function change(type: string, after: Partial<Complaint>, actor: Actor = staff, before: Complaint | null = aComplaintIn('investigating')) {
  return policy({
    before,
    after: aComplaintIn(after.status ?? 'investigating', { ...after }),
    events: [{ type, actor, at, data: {} }],
  });
}

describe(statusUpdatesPolicy.name, () => {
  it('tells the customer, on their own channel, what staff need from them', () => {
    const [message] = change('complaint.information_requested', { status: 'awaiting_customer', openQuestion: 'What is your order number?' });
    expect(message).toEqual({
      reference: '7K4M-9P2Q',
      channel: 'sms',
      kind: 'status_update',
      recipient: { address: '+447911123456' },
      payload: {
        text: 'About your complaint 7K4M-9P2Q, we need some information from you. Our question:\nWhat is your order number?\nPlease reply to this message.',
        language: 'en',
        status: 'awaiting_customer',
      },
    });
  });

  it('gives the promised date in words, in the organisation’s time zone', () => {
    const [message] = change('complaint.assessed', {
      status: 'assessed',
      deadlines: [deadline('time_to_final_response', '2026-03-30T16:00:00.000Z')],
    });
    expect(message.payload.text).toContain('by Monday 30 March');
  });

  it('speaks the customer’s language and says how to accept or reject a proposal', () => {
    const [message] = change('complaint.response_proposed', {
      status: 'response_proposed',
      language: 'es',
      contact: { kind: 'webchat', value: 'conv-1' },
      proposedResponse: { outcome: 'un reembolso completo', explanation: 'El mensajero perdió el paquete.', proposedAt: at },
    });
    expect(message).toMatchObject({ channel: 'webchat', recipient: { address: 'conv-1' } });
    expect(message.payload.text).toBe(
      'Sobre su queja 7K4M-9P2Q, esto es lo que le proponemos:\nun reembolso completo\nEl mensajero perdió el paquete.\nResponda SÍ si lo acepta o NO si no lo acepta.',
    );
  });

  it.each([
    ['We will refund the fee.', 'The courier lost it.', 'this is what we propose:\nWe will refund the fee.\nThe courier lost it.\nReply YES if you accept, or NO if you do not.'],
    ['a refund of the fee', '', 'this is what we propose:\na refund of the fee\nReply YES if you accept, or NO if you do not.'],
  ])('keeps staff words %j whole, on their own line, whatever their case and stops', (outcome, explanation, expected) => {
    const [message] = change('complaint.response_proposed', {
      status: 'response_proposed',
      proposedResponse: { outcome, explanation, proposedAt: at },
    });
    expect(message.payload.text).toBe(`About your complaint 7K4M-9P2Q, ${expected}`);
    expect(message.payload.text).not.toMatch(/propose [A-Z]|\.\./);
  });

  it('says until when a closed complaint can be reopened', () => {
    const [message] = change('complaint.closed', { status: 'closed' });
    expect(message.payload.text).toBe('Your complaint 7K4M-9P2Q is now closed. If you are not happy, you can ask us to reopen it until Saturday 4 April.');
  });

  it('stays quiet about what the customer did themselves in the conversation', () => {
    expect(change('complaint.response_accepted', { status: 'resolved' }, { kind: 'customer' })).toEqual([]);
  });

  it('stays quiet about a complaint acknowledged as it was made, and about internal changes', () => {
    expect(change('complaint.acknowledged', { status: 'acknowledged' }, staff, null)).toEqual([]);
    expect(change('note.added', {})).toEqual([]);
    expect(change('complaint.assigned', {})).toEqual([]);
  });
});
