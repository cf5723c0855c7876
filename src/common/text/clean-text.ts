/**
 * The one rule for text that comes in from anyone (customers on any channel, staff in Slack or through the API),
 * applied where it enters, so that everything stored, hashed into the case history and shown again is:
 * - well formed: a lone UTF-16 surrogate (which cannot be encoded, and made the history's hash throw) becomes U+FFFD;
 * - in one normal form (NFC), so the same words typed on two keyboards compare and hash alike;
 * - free of control characters other than newline and tab (a carriage return, as in CRLF, becomes a newline),
 *   which could hide text in logs and terminals or break the protocols it is sent on.
 * Bidirectional overrides are kept, as they are the customer's words; `forStaff` shows them when text is displayed.
 */
export function cleanText(text: string): string {
  return wellFormed(text)
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\n\t])\p{Cc}/gu, '');
}

function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Embedding, override and isolate controls: they can make text read in another order than it was written. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text as staff are shown it: each bidirectional control replaced by a visible marker, so that a reference, an amount
 * or a name cannot be displayed reversed ("‮0004" reading as "4000").
 */
export function forStaff(text: string): string {
  return text.replace(BIDI_CONTROLS, (control) => `[U+${control.codePointAt(0)!.toString(16).toUpperCase()}]`);
}
