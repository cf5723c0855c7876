export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  /** GSM-7 when every character is in the GSM 03.38 alphabet or its extension table, else UCS-2. */
  encoding: SmsEncoding;
  /** Segments the network carries and Twilio bills. */
  segments: number;
}

/** GSM 03.38 default alphabet: one septet each. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: an escape septet and the character, so two septets each. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** One message's worth, and one part's worth when a message is concatenated (the rest of a part is its header). */
const CAPACITY: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/**
 * Counts segments as the network does: GSM-7 holds 160 septets in a lone segment or 153 per part of a concatenated
 * message, each extension-table character (€ [ ] { } \ ^ ~ | and form feed) taking two; anything outside GSM-7
 * turns the whole message to UCS-2, 70 UTF-16 units alone or 67 per part, an emoji taking two. Neither an
 * extension character nor an emoji is cut between parts, so a part may hold one unit less.
 */
export function measureSms(text: string): SmsSize {
  const characters = [...text];
  const encoding: SmsEncoding = characters.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c)) ? 'GSM-7' : 'UCS-2';
  const widths = characters.map((c) => (encoding === 'GSM-7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length));
  const total = widths.reduce((sum, width) => sum + width, 0);
  const { single, part } = CAPACITY[encoding];
  if (total === 0) return { encoding, segments: 0 };
  if (total <= single) return { encoding, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > part) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, segments };
}

export function fitsOneSegment(text: string): boolean {
  return measureSms(text).segments <= 1;
}

interface Sentence {
  text: string;
  /** What stood between it and the sentence before: a space, or one or more line breaks. */
  joiner: string;
}

const SENTENCE_END = /(?<=[.!?…][)"'\]]*)[ \t]+/;

/**
 * Splits text into messages that each fit one segment, breaking between sentences (a line break counts as one)
 * and, only for a sentence too long on its own, between words.
 *
 * Why several single-segment messages rather than one concatenated SMS: each arrives whole and readable on its own,
 * on any handset, whereas the parts of a concatenated message are reassembled by the phone and some older phones and
 * carriers show them separately, cut mid-word. Concatenation saves nothing either: its parts carry a header, so
 * they hold 153 (GSM-7) or 67 (UCS-2) characters instead of 160 or 70, and Twilio bills each segment alike. The
 * messages go out one after another from one outbox row, so they arrive in order. A single word longer than a
 * segment (a long link) is the one exception: it goes as one concatenated message, since cutting it would break it.
 */
export function splitForSms(text: string): string[] {
  const messages: string[] = [];
  let current = '';
  const flush = () => {
    if (current) messages.push(current);
    current = '';
  };
  const add = (piece: string, joiner: string) => {
    const candidate = current ? current + joiner + piece : piece;
    if (fitsOneSegment(candidate)) {
      current = candidate;
      return true;
    }
    return false;
  };

  for (const sentence of sentencesOf(text)) {
    if (add(sentence.text, sentence.joiner)) continue;
    flush();
    if (add(sentence.text, '')) continue;
    for (const word of sentence.text.split(/[ \t]+/)) {
      if (add(word, ' ')) continue;
      flush();
      if (!add(word, '')) messages.push(word);
    }
  }
  flush();
  return messages;
}

function sentencesOf(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const blocks = text.trim().split(/(\n+)/);
  for (let i = 0; i < blocks.length; i += 2) {
    const lineBreaks = i === 0 ? '' : blocks[i - 1];
    const parts = blocks[i]
      .trim()
      .split(SENTENCE_END)
      .filter((part) => part !== '');
    parts.forEach((part, index) => sentences.push({ text: part, joiner: index === 0 ? lineBreaks : ' ' }));
  }
  return sentences;
}
