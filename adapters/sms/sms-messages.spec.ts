import { describe, expect, it } from '@jest/globals';
import { messagePayload } from '../../src/notifications/rendering/message-payload.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { SMS_KEY_PREFIX, SMS_KEYS, smsMessages } from './sms-messages.js';

const ROUTES = [{ kind: 'phone' as const, label: 'Complaints line', value: '+44 20 7946 0000' }];
const renderer = new MessageRenderer();
renderer.register(SMS_KEY_PREFIX, smsMessages({ organisation: 'Example Ltd', contactRoutes: ROUTES, codeOfConductUrl: 'https://example.org/code-of-conduct' }));
const words = (payload: Record<string, unknown>) => renderer.render(payload, 'sms');

describe(smsMessages.name, () => {
  it('words the answers to carrier keywords when sent, in the language the customer last used', () => {
    expect(words(messagePayload(SMS_KEYS.optedOut, {}, 'en'))).toMatchObject({
      language: 'en',
      text: 'Example Ltd: you will get no more texts from us on this number. Reply START to get them again.',
    });
    expect(words(messagePayload(SMS_KEYS.optedIn, {}, 'es'))).toMatchObject({ language: 'es', text: expect.stringContaining('Responda STOP') });
    expect(words(messagePayload(SMS_KEYS.help, {}, 'en')).text).toBe(
      [
        'Example Ltd complaints. To make a complaint or check on one, send any message here and answer the questions.',
        'Other ways to complain:\nComplaints line: +44 20 7946 0000.',
        'Our promises about complaints: https://example.org/code-of-conduct',
        'Reply STOP to get no more texts.',
      ].join('\n'),
    );
    expect(words(messagePayload(SMS_KEYS.turnFailed, {}, 'es-ES')).text).toMatch(/^Lo sentimos/);
  });

  it('words a dialog reply from its parts for a phone: Markdown gone, choices numbered in the customer’s language', () => {
    const payload = messagePayload(SMS_KEYS.dialogReply, {}, 'es-ES', {
      parts: [
        { text: '**Gracias.** Lea [nuestros compromisos](https://example.org/code).', locale: 'es-ES' },
        { text: '¿De qué trata?', choices: ['Entrega', 'Facturación'], locale: 'es-ES' },
        { shown: ['Nuestra carta (https://example.org/carta.pdf)'] },
      ],
    });
    expect(words(payload)).toMatchObject({
      language: 'es-ES',
      text: 'Gracias. Lea nuestros compromisos (https://example.org/code).\n¿De qué trata?\nResponda 1 para Entrega o 2 para Facturación.\nNuestra carta (https://example.org/carta.pdf)',
    });
  });

  it('fails for good a dialog reply whose parts it cannot read, rather than send something else', () => {
    expect(() => words(messagePayload(SMS_KEYS.dialogReply, {}, 'en', { parts: [] }))).toThrow('No words for the message sms.dialog_reply');
    expect(() => words(messagePayload(SMS_KEYS.dialogReply, {}, 'en', { parts: [{ text: 7 }] }))).toThrow('No words');
    expect(() => words(messagePayload('sms.no_such_message', {}, 'en'))).toThrow('No words for the message sms.no_such_message');
  });
});
