import { describe, expect, it } from '@jest/globals';
import { isDontKnow, isPhrase, isSkip, mentionsDontKnow, normalise, normalisePhrase, readAcceptance, recogniseCommand } from './words.js';

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
    ['menu', { kind: 'menu' }],
    ['Menú', { kind: 'menu' }],
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

describe(normalisePhrase.name, () => {
  it('gives what normalise gives, the first time and every time after', () => {
    for (const phrase of ['Atención al cliente', "Don't know", '¿Ayuda?', 'Make a complaint']) {
      expect(normalisePhrase(phrase)).toBe(normalise(phrase));
      expect(normalisePhrase(phrase)).toBe(normalise(phrase));
    }
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

describe(readAcceptance.name, () => {
  it.each(['yes', 'Y', 'Yes please', 'ok', 'OK.', 'accept', 'I accept', 'sí', 'si', 'Vale', 'acepto', 'Sí, acepto'])('hears %j as yes', (text) => {
    expect(readAcceptance(text)).toBe(true);
  });

  it.each(['no', 'N', 'No thanks', 'reject', "I don't accept", 'no acepto', 'No, gracias'])('hears %j as no', (text) => {
    expect(readAcceptance(text)).toBe(false);
  });

  it.each(['yes but I want more', 'maybe', 'why so little?', '', '1'])('hears %j as neither', (text) => {
    expect(readAcceptance(text)).toBeUndefined();
  });
});

describe(isSkip.name, () => {
  it.each(['skip', 'SKIP', 'no', 'nothing', 'omitir', '', '  '])('hears %j as skipping', (text) => {
    expect(isSkip(text)).toBe(true);
  });

  it('takes a reason as a reason', () => {
    expect(isSkip('It is not enough')).toBe(false);
  });
});

describe(isPhrase.name, () => {
  it('matches the whole message, fillers, case and accents aside', () => {
    expect(isPhrase('I want to check a complaint please', ['Check a complaint'])).toBe(true);
    expect(isPhrase('consultar una queja', ['Consultar una queja'])).toBe(true);
    expect(isPhrase('I paid to check a complaint', ['Check a complaint'])).toBe(false);
  });
});
