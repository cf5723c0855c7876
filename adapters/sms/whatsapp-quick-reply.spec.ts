import { describe, expect, it } from '@jest/globals';
import { quickReplyOf, splitForWhatsApp } from './whatsapp-quick-reply.js';

describe(quickReplyOf.name, () => {
  it('shows up to three short choices of the last question as buttons, and the rest as the body above them', () => {
    const parts = [{ text: 'Thank you.' }, { text: 'How should we keep you updated?', choices: ['Here on WhatsApp', 'A phone number'] }];
    expect(quickReplyOf(parts)).toEqual({ body: 'Thank you.\nHow should we keep you updated?', titles: ['Here on WhatsApp', 'A phone number'] });
  });

  it.each([
    ['four choices', ['One', 'Two', 'Three', 'Four']],
    ['a title over 20 characters', ['Yes', 'Here, in this conversation']],
    ['the same title twice', ['Yes', 'yes']],
    ['no choices', []],
  ])('leaves %s numbered in the text', (_name, choices) => {
    expect(quickReplyOf([{ text: 'Pick one', choices }])).toBeUndefined();
  });

  it('leaves a body over 1,024 characters numbered in the text', () => {
    expect(quickReplyOf([{ text: 'x '.repeat(600), choices: ['Yes', 'No'] }])).toBeUndefined();
  });

  it('reads nothing from a payload that is not a dialog reply', () => {
    expect(quickReplyOf(undefined)).toBeUndefined();
    expect(quickReplyOf([{ choices: 'Yes' }])).toBeUndefined();
  });
});

describe(splitForWhatsApp.name, () => {
  it('keeps a short text whole', () => {
    expect(splitForWhatsApp('  Hello.  ', 1600)).toEqual(['Hello.']);
  });

  it('cuts a long text between lines, else between words, each within the limit', () => {
    expect(splitForWhatsApp('first line here\nsecond line here', 20)).toEqual(['first line here', 'second line here']);
    expect(splitForWhatsApp('one two three four five six', 12)).toEqual(['one two', 'three four', 'five six']);
    expect(splitForWhatsApp('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
