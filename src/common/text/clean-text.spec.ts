import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { cleanText, forStaff } from './clean-text.js';

describe(cleanText.name, () => {
  it.each([
    ['a lone high surrogate', '\ud800 lone', '\ufffd lone'],
    ['a lone low surrogate', 'x\udc00y', 'x\ufffdy'],
    ['a surrogate pair (an emoji)', 'parcel 📦 lost', 'parcel 📦 lost'],
    ['decomposed accents', 'Jose\u0301', 'José'],
    ['Windows line ends', 'line one\r\nline two\rthree', 'line one\nline two\nthree'],
    ['control characters', 'a\u0000b\u0007c\u001bd\u007fe\u0085f', 'abcdef'],
    ['newlines and tabs', 'one\n\ttwo', 'one\n\ttwo'],
    ['bidi controls (kept)', 'abc\u202Edef', 'abc\u202Edef'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('always gives text the case history can hash, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const cleaned = cleanText(text);
        expect(() => encodeURIComponent(cleaned)).not.toThrow(); // throws on a lone surrogate
        expect(() => canonicalize({ text: cleaned })).not.toThrow();
        expect(cleanText(cleaned)).toBe(cleaned);
        expect(cleaned).not.toMatch(/(?![\n\t])\p{Cc}/u);
      }),
    );
  });
});

describe(forStaff.name, () => {
  it('shows each bidirectional control instead of obeying it', () => {
    expect(forStaff('refund of \u202E0004 GBP\u202C')).toBe('refund of [U+202E]0004 GBP[U+202C]');
    expect(forStaff('\u2067שלום\u2069')).toBe('[U+2067]שלום[U+2069]');
    expect(forStaff('plain')).toBe('plain');
  });
});
