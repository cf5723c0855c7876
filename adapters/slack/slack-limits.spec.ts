import { describe, expect, it } from '@jest/globals';
import { inMessages, SECTION_TEXT_MAX, sectionsOf, splitToFit } from './slack-limits.js';
import { escapeMrkdwn, quoted } from './staff-words.js';

const render = (piece: string) => quoted(escapeMrkdwn(piece));

describe(splitToFit.name, () => {
  it('keeps a text that fits in one piece', () => {
    expect(splitToFit('short', 10)).toEqual(['short']);
    expect(splitToFit('', 10)).toEqual(['']);
  });

  it('cuts a long text after a paragraph, else a line, else a space, and loses nothing', () => {
    const text = `${'a'.repeat(1800)}\n\n${'b'.repeat(1500)} ${'c'.repeat(2000)}\n${'d'.repeat(900)}`;
    const pieces = splitToFit(text, SECTION_TEXT_MAX);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((piece) => piece.length <= SECTION_TEXT_MAX)).toBe(true);
    expect(pieces[0]).toBe(`${'a'.repeat(1800)}\n\n`);
  });

  it('measures each piece as Slack will show it: escaped and quoted', () => {
    const text = '<&> '.repeat(2000); // 8,000 characters that escape to 26,000
    const pieces = splitToFit(text, SECTION_TEXT_MAX, render);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((piece) => render(piece).length <= SECTION_TEXT_MAX)).toBe(true);
    expect(pieces.length).toBeGreaterThanOrEqual(9);
  });

  it('cuts a text without spaces anywhere, but never inside an emoji', () => {
    const text = '😀'.repeat(4000);
    const pieces = splitToFit(text, 3001);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.length % 2).toBe(0);
  });
});

describe(sectionsOf.name, () => {
  it('gives sections within 3,000 characters that hold the whole text', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Line ${i} of the reply & more`).join('\n');
    const sections = sectionsOf(text, render);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => (s.text?.text.length ?? 0) <= SECTION_TEXT_MAX)).toBe(true);
    expect(sections.map((s) => s.text?.text).join('\n')).toBe(render(text));
  });
});

describe(inMessages.name, () => {
  it('puts at most 50 blocks in a message, in order', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => i);
    const messages = inMessages(blocks);
    expect(messages.map((m) => m.length)).toEqual([50, 50, 20]);
    expect(messages.flat()).toEqual(blocks);
  });
});
