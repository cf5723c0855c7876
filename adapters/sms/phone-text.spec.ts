import { describe, expect, it } from '@jest/globals';
import { toPhoneText } from './phone-text.js';

describe(toPhoneText.name, () => {
  it.each([
    ['bold', 'Your reference is **7K4M-9P2Q**.', 'Your reference is 7K4M-9P2Q.'],
    ['underscore bold', 'It is __important__.', 'It is important.'],
    ['italics', 'We are *sorry* and _will_ fix it.', 'We are sorry and will fix it.'],
    ['a link', 'Read [our promises](https://example.org/code-of-conduct).', 'Read our promises (https://example.org/code-of-conduct).'],
    ['a link whose text is its address', '[https://example.org](https://example.org)', 'https://example.org'],
    ['an autolink', 'See <https://example.org/a_b>.', 'See https://example.org/a_b.'],
    ['a heading', '## Your complaint\nDone.', 'Your complaint\nDone.'],
    ['bullets', '* one\n+ two\n- three', '- one\n- two\n- three'],
    ['code', 'Type `help`.', 'Type help.'],
    ['strikethrough', '~~old~~ new', 'old new'],
    ['curly quotes, dashes and an ellipsis', 'We’re “sorry” – really…', 'We\'re "sorry" - really...'],
    ['a non-breaking space', 'Ref\u00a07K4M', 'Ref 7K4M'],
    ['extra blank lines', 'a\n\n\n\nb  ', 'a\n\nb'],
  ])('removes %s', (_name, input, output) => {
    expect(toPhoneText(input)).toBe(output);
  });

  it.each([
    'snake_case_name and file_name.txt',
    'https://example.org/a_b_c?x=*y*',
    '2*3*4 = 24',
    'Email me at first_last@example.com',
    'Plain text. Nothing to do!',
  ])('leaves %j alone', (text) => {
    expect(toPhoneText(text)).toBe(text);
  });

  it('changes nothing the second time', () => {
    const once = toPhoneText('**Hi** [there](https://x.org) – *you*');
    expect(toPhoneText(once)).toBe(once);
  });
});
