import { describe, expect, it } from '@jest/globals';
import { aComplaintIn, deadline } from '../complaints/domain/complaint.fixtures.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { DEADLINE_KEY_PREFIX, deadlineTexts, holdingResponsePayload, progressUpdatePayload } from './deadline-texts.js';

const renderer = new MessageRenderer();
renderer.register(DEADLINE_KEY_PREFIX, deadlineTexts({ timeZone: 'Europe/London', locale: 'en-GB' }));

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
});
