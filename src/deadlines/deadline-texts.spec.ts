import { describe, expect, it } from '@jest/globals';
import { aComplaintIn, deadline } from '../complaints/domain/complaint.fixtures.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { DEADLINE_KEY_PREFIX, deadlineTexts, holdingResponsePayload, progressUpdatePayload } from './deadline-texts.js';

const renderer = new MessageRenderer();
renderer.register(DEADLINE_KEY_PREFIX, deadlineTexts({ timeZone: 'Europe/London', locale: 'en-GB', now: () => new Date('2026-03-05T12:00:00Z') }));

describe(deadlineTexts.name, () => {
  it('words a progress update when it is sent, with the promised date in the customer’s language', () => {
    const complaint = aComplaintIn('investigating', { deadlines: [deadline('time_to_final_response', '2026-03-30T16:00:00.000Z')] });
    const payload = progressUpdatePayload(complaint);
    expect(payload).toEqual({
      key: 'deadline.progress_update',
      variables: { reference: '7K4M-9P2Q', dueAt: '2026-03-30T16:00:00.000Z' },
      language: 'en',
    });
    expect(renderer.render(payload, 'sms').text).toBe(
      'Your complaint 7K4M-9P2Q is still being looked into. We will give you our answer by Monday 30 March.',
    );
    expect(renderer.render({ ...payload, language: 'es' }, 'sms').text).toBe(
      'Seguimos revisando su queja 7K4M-9P2Q. Le daremos nuestra respuesta antes del lunes, 30 de marzo.',
    );
  });

  it('names where the customer can go now in a holding response, when the code of conduct names someone', () => {
    const complaint = aComplaintIn('investigating');
    const ombudsman = { name: 'the Financial Ombudsman Service', website: 'www.financial-ombudsman.org.uk', phone: '0800 023 4567' };
    expect(renderer.render(holdingResponsePayload(complaint, ombudsman), 'email').text).toBe(
      'We are sorry: we have not finished looking into your complaint 7K4M-9P2Q in the time we promised. We are still working on it and will write to you again. ' +
        'You can now ask the Financial Ombudsman Service to look at your complaint. It is free for you. www.financial-ombudsman.org.uk, 0800 023 4567',
    );
    expect(renderer.render(holdingResponsePayload(complaint, undefined), 'sms').text).toMatch(/will write to you again\.$/);
  });

  it('promises no date that has passed: a late complaint is answered as soon as we can', () => {
    const complaint = aComplaintIn('investigating', { deadlines: [deadline('time_to_final_response', '2026-03-02T16:00:00.000Z')] });
    expect(renderer.render(progressUpdatePayload(complaint), 'sms').text).toBe(
      'Your complaint 7K4M-9P2Q is still being looked into. We are sorry it is taking longer than we promised; we will give you our answer as soon as we can.',
    );
    expect(renderer.render({ ...progressUpdatePayload(complaint), language: 'es' }, 'sms').text).toBe(
      'Seguimos revisando su queja 7K4M-9P2Q. Lamentamos que tardemos más de lo prometido; le daremos nuestra respuesta lo antes posible.',
    );
  });

  it('CFPB complaint process: says what the CFPB does (takes complaints at any time, forwards them, does not decide them), never "you can now ask"', () => {
    const complaint = aComplaintIn('investigating');
    const cfpb = { name: 'the Consumer Financial Protection Bureau', kind: 'regulator', website: 'https://www.consumerfinance.gov/complaint/', phone: '(855) 411-2372' };
    const text = renderer.render(holdingResponsePayload(complaint, cfpb), 'sms').text;
    expect(text).toContain('You can also submit a complaint to the Consumer Financial Protection Bureau at any time: it forwards complaints to the company and publishes how it responds, but it does not decide them.');
    expect(text).not.toMatch(/can now ask/i);
  });
});
