import { describe, expect, it } from '@jest/globals';
import { aComplaintIn, deadline } from '../complaints/domain/complaint.fixtures.js';
import { MessageRenderer } from '../notifications/rendering/message-renderer.js';
import { loadProfile } from '../conduct/code-of-conduct.loader.js';
import { referralVariables } from '../notifications/status-updates/referral-rights.js';
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

  it('promises no date that has passed: a late complaint is answered as soon as we can', () => {
    const complaint = aComplaintIn('investigating', { deadlines: [deadline('time_to_final_response', '2026-03-02T16:00:00.000Z')] });
    expect(renderer.render(progressUpdatePayload(complaint), 'sms').text).toBe(
      'Your complaint 7K4M-9P2Q is still being looked into. We are sorry it is taking longer than we promised; we will give you our answer as soon as we can.',
    );
    expect(renderer.render({ ...progressUpdatePayload(complaint), language: 'es' }, 'sms').text).toBe(
      'Seguimos revisando su queja 7K4M-9P2Q. Lamentamos que tardemos más de lo prometido; le daremos nuestra respuesta lo antes posible.',
    );
  });

  const response = { reasons: 'We are waiting for the card scheme’s report on the payment.', expectedBy: '2026-05-11T16:00:00.000Z' };
  const holding = (profile: 'uk-fca' | 'au-asic' | 'us-cfpb' | 'default', language = 'en') =>
    renderer.render({ ...holdingResponsePayload(aComplaintIn('investigating'), response, referralVariables(loadProfile(profile), 'holdingResponse')), language }, 'sms').text;

  it('FCA DISP 1.6.2R(2): the holding response explains why there is no final response, when one is expected, the right to refer to the ombudsman now, and its website', () => {
    expect(holding('uk-fca')).toBe(
      'About your complaint 7K4M-9P2Q: we have not finished looking into it yet, and we cannot give you our final response within the time we promised. This is why:\n' +
        'We are waiting for the card scheme’s report on the payment.\nWe expect to give you our final response by Monday 11 May.\n' +
        'If you do not want to wait, you can refer your complaint to the Financial Ombudsman Service now. It is free for you. ' +
        'You can find more information about it, and its leaflet on how it works, on its website: https://www.financial-ombudsman.org.uk',
    );
    expect(holding('uk-fca', 'es')).toContain('Esperamos darle nuestra respuesta final antes del lunes, 11 de mayo.');
    expect(holding('uk-fca', 'es')).toContain('https://www.financial-ombudsman.org.uk');
  });

  it('ASIC RG 271.60: the delay notice gives the reasons, the right to complain to AFCA, and AFCA’s contact details', () => {
    const text = holding('au-asic');
    expect(text).toContain('This is why:\nWe are waiting for the card scheme’s report on the payment.');
    expect(text).toContain('You have the right to complain to the Australian Financial Complaints Authority (AFCA) now, which is free for you. Contact AFCA: https://www.afca.org.au, 1800 931 678');
  });

  it('CFPB complaint process: says what the CFPB does (takes complaints at any time, forwards them, does not decide them), never "you can now ask"', () => {
    const text = holding('us-cfpb');
    expect(text).toContain('You can also submit a complaint to the Consumer Financial Protection Bureau at any time: it forwards complaints to the company and publishes how it responds, but it does not decide them.');
    expect(text).not.toMatch(/can now ask/i);
    expect(holding('us-cfpb', 'es')).toContain('la remite a la empresa y publica cómo responde, pero no la resuelve');
  });

  it('names no ombudsman where the code of conduct has none', () => {
    expect(holding('default')).toMatch(/We expect to give you our final response by Monday 11 May\.$/);
  });
});
