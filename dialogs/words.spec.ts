import { describe, expect, it } from '@jest/globals';
import { isDontKnow, mentionsDontKnow, normalise, recogniseCommand } from './words.js';

describe(recogniseCommand.name, () => {
  it.each([
    ['help', { kind: 'help' }],
    ['Help!', { kind: 'help' }],
    ['help please', { kind: 'help' }],
    ['¿Ayuda?', { kind: 'help' }],
    ['cancel', { kind: 'cancel' }],
    ['CANCELAR', { kind: 'cancel' }],
    ['start again', { kind: 'restart' }],
    ['restart', { kind: 'restart' }],
    ['empezar de nuevo', { kind: 'restart' }],
    ['talk to a person', { kind: 'person' }],
    ['Can I talk to a person please?', { kind: 'person' }],
    ['agent', { kind: 'person' }],
    ['human', { kind: 'person' }],
    ['hablar con una persona', { kind: 'person' }],
    ['español', { kind: 'language', language: 'es' }],
    ['Espanol', { kind: 'language', language: 'es' }],
    ['english', { kind: 'language', language: 'en' }],
    ['inglés', { kind: 'language', language: 'en' }],
  ])('reads %j as a command', (text, command) => {
    expect(recogniseCommand(text)).toEqual(command);
  });

  it.each(['they cancelled my order', 'I need help with my bill and nobody answers', 'the person at the desk was rude', '', 'ok'])(
    'leaves %j to the dialog',
    (text) => {
      expect(recogniseCommand(text)).toBeUndefined();
    },
  );
});

describe(normalise.name, () => {
  it('drops case, accents, apostrophes and punctuation', () => {
    expect(normalise('  ¿No SÉ?  ')).toBe('no se');
    expect(normalise("I don’t know!")).toBe('i dont know');
  });
});

describe(isDontKnow.name, () => {
  it.each(["I don't know", 'dont know', 'Not sure', 'no sé', 'No lo sé.', 'ni idea'])('hears %j as not knowing', (text) => {
    expect(isDontKnow(text)).toBe(true);
  });

  it('needs it on its own; a date reply may mention it', () => {
    expect(isDontKnow("I don't know, maybe a refund")).toBe(false);
    expect(mentionsDontKnow("Sorry, I don't know exactly")).toBe(true);
  });
});
