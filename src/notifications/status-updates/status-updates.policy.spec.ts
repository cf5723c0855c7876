import { describe, expect, it } from '@jest/globals';
import type { CaseEventType } from '../../complaints/domain/case-events.js';
import { aCaseEvent } from '../../complaints/domain/case-events.fixtures.js';
import type { Actor } from '../../complaints/domain/complaint.commands.js';
import { aComplaintIn, deadline } from '../../complaints/domain/complaint.fixtures.js';
import type { Complaint } from '../../complaints/domain/complaint.js';
import type { NewOutboxMessage } from '../outbox.js';
import { MessageRenderer, type Medium } from '../rendering/message-renderer.js';
import { STATUS_KEY_PREFIX, statusUpdateTexts } from './status-update-texts.js';
import { TEST_ROUTING } from '../../channels/routing.fixtures.js';
import { statusUpdatesPolicy } from './status-updates.policy.js';

const policy = statusUpdatesPolicy({ reopenWindowDays: 30 }, TEST_ROUTING);
const renderer = new MessageRenderer();
renderer.register(STATUS_KEY_PREFIX, statusUpdateTexts({ timeZone: 'Europe/London', locale: 'en-GB', now: () => new Date('2026-03-05T12:00:00Z') }));
/** What the customer reads when the message is sent. */
const words = (message: NewOutboxMessage, medium: Medium = 'sms') => renderer.render(message.payload, medium).text;
const staff: Actor = { kind: 'staff', id: 'U1', role: 'handler' };
const at = '2026-03-05T12:00:00.000Z';

function change(type: CaseEventType, after: Partial<Complaint>, actor: Actor = staff, before: Complaint | null = aComplaintIn('investigating')) {
  return policy({
    before,
    after: aComplaintIn(after.status ?? 'investigating', { ...after }),
    events: [{ ...aCaseEvent(type), actor, at }],
  });
}

describe(statusUpdatesPolicy.name, () => {
  it('tells the customer, on their own channel, what staff need from them: a message key and what fills it in', () => {
    const [message] = change('complaint.information_requested', { status: 'awaiting_customer', openQuestion: 'What is your order number?' });
    expect(message).toEqual({
      reference: '7K4M-9P2Q',
      channel: 'sms',
      kind: 'status_update',
      recipient: { address: '+447911123456' },
      payload: {
        key: 'status.awaiting_customer',
        variables: expect.objectContaining({ reference: '7K4M-9P2Q', question: 'What is your order number?' }),
        language: 'en',
      },
    });
    expect(words(message)).toBe(
      'About your complaint 7K4M-9P2Q, we need some information from you. Our question:\nWhat is your order number?\nPlease reply to this message.',
    );
  });

  it('gives the promised date in words, in the organisation’s time zone', () => {
    const [message] = change('complaint.assessed', {
      status: 'assessed',
      deadlines: [deadline('time_to_final_response', '2026-03-30T16:00:00.000Z')],
    });
    expect(words(message)).toContain('by Monday 30 March');
  });

  it('speaks the customer’s language and says how to accept or reject a proposal', () => {
    const [message] = change('complaint.response_proposed', {
      status: 'response_proposed',
      language: 'es',
      contact: { kind: 'webchat', value: 'conv-1' },
      proposedResponse: { outcome: 'un reembolso completo', explanation: 'El mensajero perdió el paquete.', proposedAt: at },
    });
    expect(message).toMatchObject({ channel: 'webchat', recipient: { address: 'conv-1' } });
    expect(words(message)).toBe(
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
    expect(words(message)).toBe(`About your complaint 7K4M-9P2Q, ${expected}`);
    expect(words(message)).not.toMatch(/propose [A-Z]|\.\./);
  });

  it('says until when a closed complaint can be reopened', () => {
    const [message] = change('complaint.closed', { status: 'closed' });
    expect(words(message)).toBe('Your complaint 7K4M-9P2Q is now closed. If you are not happy, you can ask us to reopen it until Saturday 4 April.');
  });

  it('stays quiet about what the customer did themselves in the conversation', () => {
    expect(change('complaint.response_accepted', { status: 'resolved' }, { kind: 'customer' })).toEqual([]);
  });

  it('acknowledges a complaint keyed in and acknowledged at once, naming the team that deals with it', () => {
    const [message] = change('complaint.acknowledged', { status: 'acknowledged' }, staff, null);
    expect(words(message)).toMatch(/^We have received your complaint [0-9A-Z]{4}-[0-9A-Z]{4}\. Our complaints team is dealing with it\. We will give you our answer by /);
  });

  it('names the person who has the case when their first name is configured, and the organisation’s own team', () => {
    const named = statusUpdatesPolicy({ reopenWindowDays: 30, firstNames: { U1: 'Priya' } }, TEST_ROUTING);
    const ours = new MessageRenderer();
    ours.register(STATUS_KEY_PREFIX, statusUpdateTexts({ timeZone: 'Europe/London', locale: 'en-GB', team: 'Customer Relations team', now: () => new Date('2026-03-05T12:00:00Z') }));
    const words = (message: NewOutboxMessage) => ours.render(message.payload, 'chat').text;
    const after = aComplaintIn('acknowledged', { assigneeId: 'U1', language: 'es' });
    const [acknowledged] = named({
      before: aComplaintIn('received'),
      after,
      events: [
        { ...aCaseEvent('complaint.acknowledged'), actor: staff, at },
        { ...aCaseEvent('complaint.assigned'), actor: staff, at },
      ],
    });
    expect(words(acknowledged)).toContain('Priya, de nuestro Customer Relations team, se ocupa de ella.');
    // one message for both: the acknowledgement already names her
    expect(named({ before: aComplaintIn('received'), after, events: [{ ...aCaseEvent('complaint.acknowledged'), actor: staff, at }, { ...aCaseEvent('complaint.assigned'), actor: staff, at }] })).toHaveLength(1);
    const [reassigned] = named({ before: aComplaintIn('investigating'), after: aComplaintIn('investigating', { assigneeId: 'U1' }), events: [{ ...aCaseEvent('complaint.assigned'), actor: staff, at }] });
    expect(words(reassigned)).toBe(`About your complaint ${after.reference}: Priya, from our Customer Relations team, is now dealing with it.`);
  });

  it('keeps only what the stage’s words use, and rows written with every variable read as they did', () => {
    const named = statusUpdatesPolicy({ reopenWindowDays: 30, firstNames: { U1: 'Priya' } }, TEST_ROUTING);
    const proposal = { outcome: 'a refund of the fee', explanation: 'The courier lost it.', proposedAt: at };
    const finalDeadline = [deadline('time_to_final_response', '2026-03-30T16:00:00.000Z')];
    const stages: [CaseEventType, Partial<Complaint>][] = [
      ['complaint.acknowledged', { status: 'acknowledged', deadlines: finalDeadline }],
      ['complaint.assessed', { status: 'assessed', deadlines: finalDeadline }],
      ['complaint.information_requested', { status: 'awaiting_customer', openQuestion: 'Which order?', deadlines: finalDeadline }],
      ['complaint.response_proposed', { status: 'response_proposed', proposedResponse: proposal, deadlines: finalDeadline }],
      ['complaint.response_accepted', { status: 'resolved', proposedResponse: proposal }],
      ['complaint.closed', { status: 'closed', proposedResponse: proposal }],
      ['complaint.reopened', { status: 'investigating', proposedResponse: proposal, deadlines: finalDeadline }],
      ['complaint.withdrawn', { status: 'withdrawn', openQuestion: 'Which order?' }],
    ];
    for (const [type, after] of stages) {
      const complaint = aComplaintIn(after.status!, { assigneeId: 'U1', ...after });
      const [message] = named({ before: aComplaintIn('investigating'), after: complaint, events: [{ ...aCaseEvent(type), actor: staff, at }] });
      const variables = message.payload.variables as Record<string, string | null>;
      expect(Object.values(variables)).not.toContain(null);
      expect(variables).toMatchObject({ reference: complaint.reference, name: 'Priya' });
      if (type !== 'complaint.response_proposed') expect(variables).not.toHaveProperty('explanation');
      // as rows were written before: every variable any stage might use, most of them null
      const final = complaint.deadlines.find((d) => d.indicator === 'time_to_final_response');
      const before = {
        waiveTimeLimits: null,
        reference: complaint.reference,
        name: 'Priya',
        dueAt: final?.dueAt ?? null,
        question: complaint.openQuestion ?? null,
        outcome: complaint.proposedResponse?.outcome ?? null,
        explanation: complaint.proposedResponse?.explanation ?? null,
        reopenUntil: new Date(Date.parse(at) + 30 * 86_400_000).toISOString(),
      };
      for (const medium of ['sms', 'chat', 'email'] as Medium[]) {
        expect(renderer.render(message.payload, medium).text).toBe(renderer.render({ ...message.payload, variables: before }, medium).text);
      }
    }
    expect(JSON.stringify(change('complaint.closed', { status: 'closed', proposedResponse: proposal })[0].payload)).not.toContain('courier');
  });

  it('stays quiet about internal changes, and about a new assignee it has no name to give for', () => {
    expect(change('note.added', {})).toEqual([]);
    expect(change('complaint.assigned', { assigneeId: 'U9' })).toEqual([]);
  });
});

describe(statusUpdateTexts.name, () => {
  const at = (now: string) => {
    const ours = new MessageRenderer();
    ours.register(STATUS_KEY_PREFIX, statusUpdateTexts({ timeZone: 'Europe/London', locale: 'en-GB', now: () => new Date(now) }));
    return (message: NewOutboxMessage, language = 'en') => ours.render({ ...message.payload, language }, 'sms').text;
  };
  const reopened = change('complaint.reopened', { status: 'investigating', deadlines: [deadline('time_to_final_response', '2026-05-02T16:00:00.000Z')] })[0];

  it('never quotes a date that has passed by the time the message is sent', () => {
    expect(at('2026-04-01T09:00:00Z')(reopened)).toBe('We have reopened your complaint 7K4M-9P2Q. We will give you our answer by Saturday 2 May.');
    expect(at('2026-05-03T09:00:00Z')(reopened)).toBe('We have reopened your complaint 7K4M-9P2Q. We will give you our answer as soon as we can.');
    expect(at('2026-05-03T09:00:00Z')(reopened, 'es')).toBe('Hemos reabierto su queja 7K4M-9P2Q. Le daremos nuestra respuesta lo antes posible.');
  });

  it('gives the year of a date outside the current year', () => {
    expect(at('2026-12-20T09:00:00Z')(change('complaint.assessed', { status: 'assessed', deadlines: [deadline('time_to_final_response', '2027-01-04T17:00:00.000Z')] })[0])).toBe(
      'We have looked at your complaint 7K4M-9P2Q and started work on it. We expect to give you our answer by Monday, 4 January 2027.',
    );
    expect(at('2026-12-20T09:00:00Z')({ ...reopened, payload: { ...reopened.payload, variables: { ...(reopened.payload.variables as object), dueAt: '2027-01-04T17:00:00.000Z' } } }, 'es')).toBe(
      'Hemos reabierto su queja 7K4M-9P2Q. Le daremos nuestra respuesta antes del lunes, 4 de enero de 2027.',
    );
  });
});
