import { describe, expect, it } from '@jest/globals';
import { aComplaint } from '../../src/complaints/domain/complaint.fixtures.js';
import { slackCasePolicy, threadMessage } from './case-thread.js';

const policy = slackCasePolicy('C0CASES01');
const staff = { kind: 'staff', id: 'U0HANDLER1', role: 'handler' } as const;
const at = '2026-03-02T10:05:00.000Z';

describe(slackCasePolicy.name, () => {
  it('owes a card update for every change, whatever it is', () => {
    const complaint = aComplaint();
    const messages = policy({ before: complaint, after: complaint, events: [{ type: 'note.added', actor: staff, at, data: { text: 'x' } }] });
    expect(messages).toEqual([
      { reference: '7K4M-9P2Q', channel: 'slack', kind: 'case_card', recipient: { channel: 'C0CASES01' }, payload: { status: 'received' } },
    ]);
  });

  it('mirrors what passes between Redress and the customer, but never a note', () => {
    const complaint = aComplaint();
    const messages = policy({
      before: complaint,
      after: complaint,
      events: [
        { type: 'message.received_from_customer', actor: { kind: 'customer' }, at, data: { text: 'Hello', channel: 'sms' } },
        { type: 'message.sent_to_customer', actor: staff, at, data: { text: 'Hi', channel: 'sms' } },
        { type: 'message.delivery_failed', actor: { kind: 'system', id: 'outbox' }, at, data: { channel: 'sms', kind: 'status_update', error: 'unreachable' } },
        { type: 'note.added', actor: staff, at, data: { text: 'internal' } },
      ],
    });
    expect(messages.map((m) => m.payload)).toEqual([
      { status: 'received' },
      { direction: 'from_customer', text: 'Hello', channel: 'sms', at },
      { direction: 'to_customer', text: 'Hi', channel: 'sms', by: 'U0HANDLER1', at },
      { direction: 'not_delivered', kind: 'status_update', channel: 'sms', error: 'unreachable', at },
    ]);
    expect(messages.every((m) => m.channel === 'slack')).toBe(true);
  });
});

describe(threadMessage.name, () => {
  it('marks a customer message as theirs and masks contacts in it', () => {
    const message = threadMessage('7K4M-9P2Q', { direction: 'from_customer', text: 'Mail me at sam@example.com', channel: 'webchat', at }, 'Europe/London');
    expect(message.text).toBe('From the customer (7K4M-9P2Q): Mail me at s•••@e•••.com');
    expect(JSON.stringify(message.blocks)).toContain(':speech_balloon: *From the customer* by Web chat · Monday 2 March 2026 at 10:05 GMT');
  });

  it('names who wrote to the customer, as a mention when it is a Slack user', () => {
    const bySlack = threadMessage('7K4M-9P2Q', { direction: 'to_customer', text: 'Hi', channel: 'sms', by: 'U0HANDLER1', at }, 'UTC');
    const byApi = threadMessage('7K4M-9P2Q', { direction: 'to_customer', text: 'Hi', channel: 'sms', by: 'staff:api', at }, 'UTC');
    expect(JSON.stringify(bySlack.blocks)).toContain('from <@U0HANDLER1>');
    expect(JSON.stringify(byApi.blocks)).toContain('from staff:api');
  });

  it('says which message did not reach the customer, where it was going (masked), and why', () => {
    const failed = threadMessage(
      '7K4M-9P2Q',
      { direction: 'not_delivered', kind: 'status_update', channel: 'sms', to: '+44 •••• ••• 456', error: 'Twilio 30003: undelivered', at },
      'UTC',
    );
    expect(failed.text).toBe('Not delivered to the customer (7K4M-9P2Q)');
    expect(JSON.stringify(failed.blocks)).toContain('a status update by SMS to +44 •••• ••• 456 could not be delivered (Twilio 30003: undelivered)');
  });
});
