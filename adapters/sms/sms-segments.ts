import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  /** GSM-7 when every character is in the GSM 03.38 alphabet or its extension table, else UCS-2. */
  encoding: SmsEncoding;
  /** Segments the network carries and Twilio bills. */
  segments: number;
}

/**
 * Counts segments as the network does (GSM-7: 160 septets alone or 153 per part, extension-table characters such as
 * € [ ] { } taking two; anything outside GSM-7 makes the message UCS-2: 70 units alone or 67 per part), with Twilio's
 * own calculator.
 */
export function measureSms(text: string): SmsSize {
  if (text.length === 0) return { encoding: 'GSM-7', segments: 0 };
  const message = new SegmentedMessage(text, 'auto');
  return { encoding: message.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2', segments: message.segmentsCount };
}

/**
 * GSM 03.38 as Twilio's calculator has it: the basic set, a septet each, and the extension table, two each. Without
 * '\r', which the calculator treats apart (with '\n' after it, it is one character that makes the text UCS-2).
 */
const GSM7_BASIC = new Set(
  '\n !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ',
);
const GSM7_EXTENSION = new Set('\f[\\]^{|}~€');
/** 140 octets of 8 bits, in septets. */
const SINGLE_SEGMENT_SEPTETS = 160;

/**
 * Whether the text goes as one SMS. Text that is all GSM-7 (nearly every reply) is counted here in one pass: the
 * calculator builds every character and segment as objects and re-adds a segment's size for each character it
 * places, which made splitting a reply, measured again at each word it tries, the costliest part of an SMS turn.
 * Any other text goes to the calculator.
 */
export function fitsOneSegment(text: string): boolean {
  let septets = 0;
  for (const character of text) {
    if (GSM7_BASIC.has(character)) septets += 1;
    else if (GSM7_EXTENSION.has(character)) septets += 2;
    else return measureSms(text).segments <= 1;
  }
  return septets <= SINGLE_SEGMENT_SEPTETS;
}

/** What a channel declares it can carry (see ChannelCapabilities): characters a text, segments a message. */
export interface SmsLimits {
  maxLength?: number;
  maxSegments?: number;
}

/**
 * A message's texts (see splitForSms) within what the channel declares one provider message may carry: its characters
 * and its segments. Nothing is left out: the words a customer is owed (a staff reply, a final response with the rights
 * a regulator requires it to name) go whole, in as many texts as they take. Only a text too big for one provider
 * message (a single word thousands of characters long) is broken, into consecutive pieces that together are the text,
 * as the provider would refuse it whole.
 */
export function withinLimits(texts: string[], limits: SmsLimits): string[] {
  return texts.flatMap((text) => piecesWithin(text, limits));
}

function piecesWithin(text: string, limits: SmsLimits): string[] {
  const pieces: string[] = [];
  let rest = Array.from(text);
  while (!fits(rest.join(''), limits)) {
    // the longest beginning that fits: fitting only gets harder as characters are added
    let low = 1;
    let high = rest.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(rest.slice(0, middle).join(''), limits)) low = middle;
      else high = middle - 1;
    }
    pieces.push(rest.slice(0, low).join(''));
    rest = rest.slice(low);
  }
  return [...pieces, rest.join('')];
}

function fits(text: string, { maxLength, maxSegments }: SmsLimits): boolean {
  if (maxLength !== undefined && text.length > maxLength) return false;
  return maxSegments === undefined || fitsOneSegment(text) || measureSms(text).segments <= maxSegments;
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
