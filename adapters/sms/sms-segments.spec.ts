import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fitsOneSegment, measureSms, splitForSms, withinLimits } from './sms-segments.js';

describe(measureSms.name, () => {
  it.each([
    ['nothing', '', 'GSM-7', 0],
    ['160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', 2],
    ['306 GSM-7 characters (2 × 153)', 'a'.repeat(306), 'GSM-7', 2],
    ['307 GSM-7 characters', 'a'.repeat(307), 'GSM-7', 3],
    ['1530 GSM-7 characters (10 × 153)', 'a'.repeat(1530), 'GSM-7', 10],
    ['80 euro signs (two septets each)', '€'.repeat(80), 'GSM-7', 1],
    ['81 euro signs', '€'.repeat(81), 'GSM-7', 2],
    ['extension-table brackets filling 160 septets', `${'a'.repeat(152)}[]{}`, 'GSM-7', 1],
    ['extension-table brackets past 160 septets', `${'a'.repeat(153)}[]{}`, 'GSM-7', 2],
    ['an extension character that would straddle two parts', `${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 2],
    ['accents GSM-7 has (é ñ ü ¿ ¡)', '¿Qué? ¡Añadir! Über café', 'GSM-7', 1],
    ['70 UCS-2 characters', 'ó'.repeat(70), 'UCS-2', 1],
    ['71 UCS-2 characters', 'ó'.repeat(71), 'UCS-2', 2],
    ['134 UCS-2 characters (2 × 67)', 'ó'.repeat(134), 'UCS-2', 2],
    ['135 UCS-2 characters', 'ó'.repeat(135), 'UCS-2', 3],
    ['one non-GSM character in GSM text', `Facturación ${'a'.repeat(60)}`, 'UCS-2', 2],
    ['35 emoji (two UTF-16 units each)', '😀'.repeat(35), 'UCS-2', 1],
    ['36 emoji', '😀'.repeat(36), 'UCS-2', 2],
  ])('counts %s', (_name, text, encoding, segments) => {
    expect(measureSms(text)).toEqual({ encoding, segments });
  });
});

describe(fitsOneSegment.name, () => {
  it('agrees with the calculator on one segment, whatever the text is made of', () => {
    const character = fc.constantFrom('a', 'Z', '9', ' ', '.', '\n', '\r', 'é', 'Ω', '€', '[', '\\', '\f', 'ó', 'ç', '😀', '\u0301');
    const text = fc.array(character, { minLength: 0, maxLength: 40 }).chain((chars) =>
      fc.integer({ min: 0, max: 170 }).map((padding) => 'a'.repeat(padding) + chars.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(fitsOneSegment(t)).toBe(measureSms(t).segments <= 1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe(splitForSms.name, () => {
  it('keeps a message that fits one segment whole', () => {
    expect(splitForSms('Hello. I can help you make a complaint.')).toEqual(['Hello. I can help you make a complaint.']);
  });

  it('splits between sentences, never inside one that fits', () => {
    const first = `${'First sentence words '.repeat(5).trim()}.`;
    const second = `${'Second sentence here '.repeat(4).trim()}?`;
    const third = 'Third one!';
    expect(splitForSms(`${first} ${second} ${third}`)).toEqual([first, `${second} ${third}`]);
  });

  it('treats a line break as a boundary and keeps line breaks inside a message', () => {
    const lines = ['Here is your complaint.', 'What happened: my parcel never came', 'About: Delivery', `To put it right: ${'a refund '.repeat(12).trim()}`];
    const messages = splitForSms(lines.join('\n'));
    expect(messages).toEqual([lines.slice(0, 3).join('\n'), lines[3]]);
  });

  it('splits a sentence too long for one segment between words', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const messages = splitForSms(`${words.join(' ')}.`);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.join(' ')).toBe(`${words.join(' ')}.`);
    for (const message of messages) expect(fitsOneSegment(message)).toBe(true);
  });

  it('packs UCS-2 text into 70-character messages', () => {
    const sentence = 'Su queja está registrada.';
    const messages = splitForSms(Array(6).fill(sentence).join(' '));
    expect(messages).toEqual([Array(2).fill(sentence).join(' '), Array(2).fill(sentence).join(' '), Array(2).fill(sentence).join(' ')]);
  });

  it('lets a GSM-7 message use 160 characters even when another message needs UCS-2', () => {
    const plain = `${'Plain words only '.repeat(8).trim()}.`;
    const accented = 'Facturación.';
    expect(splitForSms(`${plain} ${accented}`)).toEqual([plain, accented]);
  });

  it('sends a single word longer than a segment, such as a link, whole', () => {
    const link = `https://example.org/${'x'.repeat(200)}`;
    expect(splitForSms(`See ${link} for more.`)).toEqual(['See', link, 'for more.']);
  });

  it('gives nothing for blank text', () => {
    expect(splitForSms('  \n ')).toEqual([]);
  });

  it('never loses or reorders a word, and every message fits one segment unless it is one long word', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9éñó€,]{1,24}$/);
    const sentence = fc.tuple(fc.array(word, { minLength: 1, maxLength: 30 }), fc.constantFrom('.', '!', '?', ''));
    const text = fc.array(fc.tuple(sentence, fc.constantFrom(' ', '\n', '\n\n')), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(text, (sentences) => {
        const written = sentences.map(([[words, end], gap]) => `${words.join(' ')}${end}${gap}`).join('');
        const messages = splitForSms(written);
        expect(messages.join(' ').split(/\s+/)).toEqual(written.trim().split(/\s+/));
        for (const message of messages) {
          if (/\s/.test(message)) expect(fitsOneSegment(message)).toBe(true);
          expect(message).toBe(message.trim());
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe(withinLimits.name, () => {
  const sentences = (count: number) => Array.from({ length: count }, (_, i) => `Sentence number ${i + 1} of a long staff reply, which goes on and on about what happened to the parcel and why.`);

  it('leaves a message within the declared segments as it is', () => {
    const texts = splitForSms(sentences(3).join(' '));
    expect(withinLimits(texts, { maxSegments: 10, maxLength: 1600 })).toEqual(texts);
  });

  it('sends every word of a long message, in as many texts as it takes, however many segments they add up to', () => {
    const ask = 'Is this answer enough for you? Reply 1 for Yes, 2 for No or 3 to talk to a person.';
    const texts = splitForSms(`${sentences(14).join(' ')}\n${ask}`);
    expect(texts).toHaveLength(15);
    expect(withinLimits(texts, { maxSegments: 10, maxLength: 1600 })).toEqual(texts);
  });

  it('breaks a text longer than one provider message may be into pieces that together are the text', () => {
    const link = `https://example.org/${'x'.repeat(3500)}`;
    const pieces = withinLimits(['First.', link, 'Last.'], { maxLength: 1600 });
    expect(pieces).toHaveLength(5);
    expect(pieces[0]).toBe('First.');
    expect(pieces.slice(1, 4).join('')).toBe(link);
    expect(pieces.slice(1, 4).map((piece) => piece.length)).toEqual([1600, 1600, link.length - 3200]);
    expect(pieces[4]).toBe('Last.');
  });

  it('breaks a text past the declared segments at the segments, counted in its own encoding', () => {
    const word = 'ó'.repeat(400); // UCS-2: 67 characters a segment once concatenated
    const pieces = withinLimits([word], { maxSegments: 2 });
    expect(pieces.join('')).toBe(word);
    expect(pieces.map((piece) => measureSms(piece).segments)).toEqual([2, 2, 2]);
    expect(pieces.map((piece) => piece.length)).toEqual([134, 134, 132]);
  });
});
