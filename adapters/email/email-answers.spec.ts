import { describe, expect, it } from '@jest/globals';
import { Messages } from '../../dialogs/messages/messages.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { answerPayload, EMAIL_ANSWER_KEY, emailAnswers } from './email-answers.js';

const renderer = new MessageRenderer();
renderer.register(EMAIL_ANSWER_KEY, emailAnswers(new Messages()));

describe(emailAnswers.name, () => {
  it('keeps an answer as its lines, and words them when sent: paragraphs apart, a numbered list together', () => {
    const payload = answerPayload(
      [['email.categoryRetry'], ['email.categoryLine', { number: 1, label: 'Delivery' }], ['email.categoryLine', { number: 2, label: 'Billing' }], ['email.attachmentsDropped']],
      'en',
      { inReplyTo: '<a@example.org>', autoReply: true },
    );
    expect(payload).toMatchObject({ key: 'email.answer', variables: {}, language: 'en', inReplyTo: '<a@example.org>', lines: [{ key: 'email.categoryRetry' }, { key: 'email.categoryLine', variables: { number: 1, label: 'Delivery' } }, {}, {}] });
    expect(JSON.stringify(payload)).not.toContain('could not tell');
    expect(renderer.render(payload, 'email')).toMatchObject({
      language: 'en',
      text: 'We could not tell what your complaint is about from your reply. Please reply with just one of these numbers:\n\n1. Delivery\n2. Billing\n\nWe keep only the text of emails, so we have not kept the files attached to yours.',
    });
  });

  it('writes the answer in the customer’s language', () => {
    const payload = answerPayload([['email.filed', { reference: '7K4M-9P2Q' }], ['email.filedNext']], 'es', {});
    const rendered = renderer.render(payload, 'email');
    expect(rendered.language).toBe('es');
    expect(rendered.text).toContain('7K4M-9P2Q');
    expect(rendered.text).not.toContain('We have recorded');
  });

  it('fails for good an answer with a line this catalogue has no words for, rather than send the key', () => {
    const payload = { key: 'email.answer', variables: {}, language: 'en', lines: [{ key: 'email.noSuchLine' }] };
    expect(() => renderer.render(payload, 'email')).toThrow('No words for the message email.answer');
    expect(() => renderer.render({ key: 'email.answer', variables: {}, language: 'en' }, 'email')).toThrow('No words');
  });

  it('still sends an answer written as finished text before answers kept their lines', () => {
    const written = { key: 'text', variables: { text: 'Thank you. We have added your email.' }, language: 'en', inReplyTo: '<a@b>', autoReply: true };
    expect(renderer.render(written, 'email').text).toBe('Thank you. We have added your email.');
  });
});
