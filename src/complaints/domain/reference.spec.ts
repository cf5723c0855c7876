import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { generateReference, parseReference, spellReference } from './reference.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe(generateReference.name, () => {
  it('makes references of four and four characters that parse back to themselves', () => {
    for (let i = 0; i < 200; i++) {
      const reference = generateReference();
      expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(parseReference(reference)).toEqual({ ok: true, reference });
    }
  });
});

describe(parseReference.name, () => {
  it('accepts lower case, spaces, no dash and look-alike letters', () => {
    const reference = generateReference(() => 0);
    const typed = reference.toLowerCase().replace(/0/g, 'o').replace('-', ' ');
    expect(parseReference(typed)).toEqual({ ok: true, reference });
  });

  it('catches every single mistyped character', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 31), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 31 }), (seed, position, shift) => {
        let state = seed;
        const reference = generateReference((max) => (state = (state * 1103515245 + 12345) % 2 ** 31) % max);
        const compact = reference.replace('-', '');
        const wrong = ALPHABET[(ALPHABET.indexOf(compact[position]) + shift) % 32];
        const typo = compact.slice(0, position) + wrong + compact.slice(position + 1);
        expect(parseReference(typo)).toEqual({ ok: false, reason: 'check' });
      }),
    );
  });

  it('catches swapped neighbours of different characters', () => {
    let caught = 0;
    let swaps = 0;
    for (let n = 0; n < 300; n++) {
      const compact = generateReference().replace('-', '');
      for (let i = 0; i < 7; i++) {
        if (compact[i] === compact[i + 1]) continue;
        swaps++;
        const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2);
        if (!parseReference(swapped).ok) caught++;
      }
    }
    // Luhn mod N misses only the swap of the two characters whose doubled values coincide: about 1 in 500.
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  it.each([
    ['too short', '7K4M-9P2', 'length'],
    ['a symbol', '7K4M-9P2*', 'character'],
  ])('refuses %s', (_name, input, reason) => {
    expect(parseReference(input)).toEqual({ ok: false, reason });
  });
});

describe(spellReference.name, () => {
  it('spells characters one by one with a pause between the halves', () => {
    expect(spellReference('7K4M-9P2Q')).toBe('7 K 4 M, 9 P 2 Q');
  });
});
