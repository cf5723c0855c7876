import { describe, expect, it } from '@jest/globals';
import type { NewCaseEvent } from '../../src/audit/case-history.js';
import { aComplaint } from '../../src/complaints/domain/complaint.fixtures.js';
import { caseStepMessage, caseStepOf } from './case-steps.js';
import { slackCasePolicy, threadMessage } from './case-thread.js';

const staff = { kind: 'staff', id: 'U0HANDLER1', role: 'handler' } as const;
const customer = { kind: 'customer' } as const;
const at = '2026-03-02T10:05:00.000Z';
const complaint = aComplaint({ channel: 'sms' });
const moved = { from: 'investigating', to: 'awaiting_customer' } as const;

function shown(event: NewCaseEvent): string {
  const step = caseStepOf(event, complaint);
  if (!step) throw new Error(`${event.type} is not in the thread`);
  return JSON.stringify(caseStepMessage(complaint.reference, step, 'UTC', (id) => (id === 'fos' ? 'Financial Ombudsman Service' : id)).blocks);
}

describe(caseStepOf.name, () => {
  it('puts the conversation in the thread, marked by who and which channel', () => {
    expect(shown({ type: 'complaint.information_requested', actor: staff, at, data: { question: 'What is the order number?', ...moved } })).toContain(
      ':question: *Question to the customer* by SMS, from <@U0HANDLER1>',
    );
    expect(shown({ type: 'complaint.information_received', actor: customer, at, data: { message: 'It is 1234', from: 'awaiting_customer', to: 'investigating' } })).toContain(
      '*The customer answered the question* by SMS',
    );
    const proposal = shown({ type: 'complaint.response_proposed', actor: staff, at, data: { outcome: 'A refund', explanation: 'It was lost.', from: 'investigating', to: 'response_proposed' } });
    expect(proposal).toContain('*Resolution proposed to the customer* by SMS, from <@U0HANDLER1>');
    expect(proposal).toContain('>A refund');
    expect(proposal).toContain('>It was lost.');
    expect(shown({ type: 'complaint.response_accepted', actor: customer, at, data: { from: 'response_proposed', to: 'resolved' } })).toContain(
      '*The customer accepted the resolution* (YES) by SMS',
    );
    expect(shown({ type: 'complaint.reopened', actor: staff, at, data: { reason: 'The refund bounced', from: 'closed', to: 'investigating' } })).toContain(
      '*Reopened* by <@U0HANDLER1>; the customer is told by SMS',
    );
    expect(shown({ type: 'complaint.acknowledged', actor: { kind: 'system', id: 'sms-intake' }, at, data: { from: 'received', to: 'acknowledged' } })).toContain(
      '*Acknowledged* by Redress',
    );
    expect(shown({ type: 'dispute.referred', actor: staff, at, data: { providerId: 'fos', shareCaseFile: true, from: 'consented', to: 'referred' } })).toContain(
      '*Referred to Financial Ombudsman Service* by <@U0HANDLER1>',
    );
  });

  it('leaves out what is not part of the conversation', () => {
    expect(caseStepOf({ type: 'note.added', actor: staff, at, data: { text: 'internal' } }, complaint)).toBeNull();
    expect(caseStepOf({ type: 'complaint.assigned', actor: staff, at, data: { previousAssigneeId: null, assigneeId: 'U0HANDLER1' } }, complaint)).toBeNull();
  });

  it('shows the customer’s words whole, split within Slack’s limits, with no mention or link they could make', () => {
    const story = `<!channel> <https://evil.example|click> & call 07911 123456. ${'The parcel never came. '.repeat(400)}`;
    const step = caseStepOf({ type: 'complaint.information_received', actor: customer, at, data: { message: story, from: 'awaiting_customer', to: 'investigating' } }, complaint);
    const message = caseStepMessage(complaint.reference, step!, 'UTC');
    const texts = message.blocks.map((block) => (block.type === 'section' ? (block.text?.text ?? '') : ''));
    expect(texts.every((text) => text.length <= 3000)).toBe(true);
    // each section is a quote of the next piece: without the quote marks they join into the text, escaped and masked
    const body = texts.slice(1).map((text) => text.replace(/^>/gm, '')).join('');
    expect(body).not.toMatch(/<!channel>|<https/);
    expect(body).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; call');
    expect(body).not.toContain('123456');
    expect(body.split('The parcel never came.').length - 1).toBe(400);
  });
});

describe('the thread policy', () => {
  it('owes each event one thread post, with a dedupe key that is the same whenever the same event is written', () => {
    const policy = slackCasePolicy('C0CASES01');
    const change = {
      before: complaint,
      after: complaint,
      events: [{ type: 'complaint.information_requested', actor: staff, at, data: { question: 'Order number?', ...moved } } as NewCaseEvent],
    };
    const [card, post] = policy(change);
    expect(card.kind).toBe('case_card');
    expect(post.payload).toMatchObject({ direction: 'case_step', step: 'complaint.information_requested', actor: 'U0HANDLER1', channel: 'sms' });
    expect(post.dedupeKey).toBe(policy(change)[1].dedupeKey);
    expect(post.dedupeKey!.length).toBeLessThanOrEqual(200);
  });

  it('shows a long message from the customer whole', () => {
    const text = 'word '.repeat(1500).trim();
    const message = threadMessage(complaint.reference, { direction: 'from_customer', text, channel: 'sms', at }, 'UTC');
    const quoted = message.blocks.slice(1).map((block) => (block.type === 'section' ? (block.text?.text ?? '') : ''));
    expect(quoted.every((t) => t.length <= 3000)).toBe(true);
    expect(quoted.map((t) => t.replace(/^>/gm, '')).join('')).toBe(text);
  });
});
