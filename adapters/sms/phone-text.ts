/**
 * Characters that look like GSM-7 ones but are not: one curly apostrophe would switch a whole message to UCS-2 and
 * cut it from 160 characters to 70.
 */
const LOOK_ALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '*',
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u202f': ' ',
  '\u200b': '',
};

const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

/**
 * Text for a phone screen: Markdown marks removed (a phone shows `**` as it is), links as "text (url)", and
 * punctuation that has a GSM-7 twin replaced by it. Plain text passes through unchanged, so applying it twice is safe.
 */
export function toPhoneText(markdown: string): string {
  const links: string[] = [];
  const linked = markdown
    .replace(/\r\n?/g, '\n')
    // [text](url "title") → text (url); a link whose text is its address is shown once
    .replace(/\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      !label.trim() || label.trim() === url ? url : `${label.trim()} (${url})`,
    )
    .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, '$1')
    // addresses are set aside while marks are removed: a * or _ inside one is part of it
    .replace(/\b(?:https?:\/\/|www\.)[^\s()<>]+[^\s()<>.,;:!?'"]/g, (url) => `\uE000${links.push(url) - 1}\uE001`);
  return linked
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/^([ \t]*)[*+][ \t]+/gm, '$1- ')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([^\n]*?\S)~~/g, '$1')
    // single * or _ only around words, so snake_case names and 2*3 keep theirs
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c])
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .replace(/\uE000(\d+)\uE001/g, (_m, index: string) => links[Number(index)]);
}
