import { describe, expect, it } from '@jest/globals';
import { DeliveryError } from '../channel-notifier.js';
import { STATUS_KEY_PREFIX, statusUpdateTexts } from '../status-updates/status-update-texts.js';
import { messagePayload, readMessage } from './message-payload.js';
import { MessageRenderer } from './message-renderer.js';

const renderer = new MessageRenderer();
renderer.register(STATUS_KEY_PREFIX, statusUpdateTexts({ timeZone: 'Europe/London', locale: 'en-GB', now: () => new Date('2026-03-05T12:00:00Z') }));

describe(MessageRenderer.name, () => {
  it('writes a status update at send time, in the customer’s language, with the date in their words', () => {
    const payload = messagePayload('status.assessed', { reference: '7K4M-9P2Q', dueAt: '2026-03-30T16:00:00.000Z' }, 'es-ES', { status: 'assessed' });
    expect(renderer.render(payload, 'chat')).toEqual({
      key: 'status.assessed',
      variables: { reference: '7K4M-9P2Q', dueAt: '2026-03-30T16:00:00.000Z' },
      language: 'es',
      text: expect.stringContaining('lunes, 30 de marzo'),
    });
  });

  it('falls back to English for a language it has no texts in', () => {
    const rendered = renderer.render(messagePayload('status.withdrawn', { reference: '7K4M-9P2Q' }, 'fr'), 'sms');
    expect(rendered).toMatchObject({ language: 'en', text: 'Your complaint 7K4M-9P2Q is withdrawn, as you asked.' });
  });

  it('signs a staff reply with who wrote it, and keeps their words as they are', () => {
    const rendered = renderer.render(messagePayload('staff_reply', { text: 'Line one.\nLine two.', from: 'Priya' }, 'en'), 'email');
    expect(rendered).toEqual({ key: 'staff_reply', variables: { text: 'Line one.\nLine two.', from: 'Priya' }, language: 'en', text: 'Line one.\nLine two.', from: 'Priya' });
  });

  it('still sends rows written before messages had keys: their finished text, signed when they were', () => {
    expect(renderer.render({ text: 'Hello again.', language: 'es' }, 'sms')).toMatchObject({ key: 'text', text: 'Hello again.', language: 'es' });
    expect(renderer.render({ text: 'We found it.', language: 'en', from: 'Complaints team' }, 'sms')).toMatchObject({
      key: 'staff_reply',
      text: 'We found it.',
      from: 'Complaints team',
    });
  });

  it('fails a message it cannot put into words for good, saying why', () => {
    const attempt = (payload: Record<string, unknown>) => {
      try {
        renderer.render(payload, 'sms');
      } catch (error) {
        return error;
      }
      throw new Error('rendered');
    };
    expect(attempt({ key: 'status.no_such_stage', variables: {}, language: 'en' })).toMatchObject({ permanent: true, message: 'No words for the message status.no_such_stage' });
    expect(attempt({ key: 'survey.invite', variables: {}, language: 'en' })).toBeInstanceOf(DeliveryError);
    expect(attempt({ text: '  ' })).toMatchObject({ permanent: true, message: 'The message has no text' });
    expect(attempt({ status: 'closed' })).toMatchObject({ permanent: true, message: 'The message has neither a key nor a text' });
  });
});

describe(readMessage.name, () => {
  it('reads keys and variables, and leaves a channel’s own fields to it', () => {
    expect(readMessage(messagePayload('staff_reply', { text: 'Hi', from: 'Sam' }, 'en', { inReplyTo: '<a@b>' }))).toEqual({
      key: 'staff_reply',
      variables: { text: 'Hi', from: 'Sam' },
      language: 'en',
    });
  });

  it('takes variables only as strings or nothing', () => {
    expect(readMessage({ key: 'status.closed', variables: { reference: 7 }, language: 'en' })).toBeUndefined();
  });
});
