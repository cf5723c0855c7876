import type { types } from '@slack/bolt';

/**
 * What Slack accepts in one message (https://api.slack.com/reference/block-kit/blocks): a section's text holds at
 * most 3000 characters and a message at most 50 blocks; a modal holds 100. Over either, Slack refuses the whole
 * message (`invalid_blocks`), so long texts are split to fit rather than cut.
 */
export const SECTION_TEXT_MAX = 3000;
export const MESSAGE_BLOCKS_MAX = 50;
export const MODAL_BLOCKS_MAX = 100;

/**
 * Splits `text` into pieces that each fit `max` once `render` has made them Slack text (escaped, quoted), and that
 * join back into `text` exactly: nothing is lost. Cuts fall after a paragraph, else a line, else a space, else
 * anywhere but inside a surrogate pair.
 */
export function splitToFit(text: string, max: number = SECTION_TEXT_MAX, render: (piece: string) => string = (piece) => piece): string[] {
  const fits = (piece: string) => render(piece).length <= max;
  const pieces: string[] = [];
  let rest = text;
  while (!fits(rest)) {
    const longest = longestFitting(rest, fits);
    if (longest === 0) throw new Error(`Not even one character fits in ${max} once rendered`);
    const cut = boundaryBefore(rest, longest);
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** The largest n for which the first n characters fit (rendering never shrinks as text grows). */
function longestFitting(text: string, fits: (piece: string) => boolean): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(text.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function boundaryBefore(text: string, longest: number): number {
  const window = text.slice(0, longest);
  // a cut too early would make many small pieces: only boundaries in the second half count
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(boundary);
    if (at > longest / 2) return at + boundary.length;
  }
  const high = text.charCodeAt(longest - 1);
  return high >= 0xd800 && high <= 0xdbff && longest > 1 ? longest - 1 : longest;
}

/** Sections of Slack text, each within Slack's limit: `body` split to fit after `render`. */
export function sectionsOf(body: string, render: (piece: string) => string): types.SectionBlock[] {
  // the line break a piece was cut after is where one section ends and the next begins: Slack shows that break itself
  return splitToFit(body, SECTION_TEXT_MAX, render).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: render(piece.replace(/\n$/, '')) } }));
}

/** Blocks into as many messages as Slack needs, each within its block limit and in order. */
export function inMessages<T>(blocks: T[], max: number = MESSAGE_BLOCKS_MAX): T[][] {
  const messages: T[][] = [];
  for (let start = 0; start < blocks.length; start += max) messages.push(blocks.slice(start, start + max));
  return messages.length > 0 ? messages : [[]];
}
