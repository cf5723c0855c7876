/**
 * Staff write in Slack's markup (mrkdwn): `*bold*`, `_italic_`, `~strike~`, `` `code` ``, links and mentions in angle
 * brackets, `&`, `<` and `>` as entities. Customers read SMS, web chat and email, none of which speaks it, so what
 * staff write to a customer is turned into clean text here, before it is recorded and sent: the words the customer
 * reads, with a link's address kept beside its label. Web chat shows it as plain text and email escapes it for HTML.
 */

/** A Slack user's name for the customer (their first name), or undefined to leave the mention out. */
export type NameOf = (slackUserId: string) => string | undefined;

/** Slack's `<…>` tokens: links, user and channel mentions, and special mentions such as `<!here>`. */
const ANGLE_TOKEN = /<([^<>\n]+)>/g;
/** Addresses written without angle brackets (text typed into a form), kept whole so that `_` in them stays. */
const BARE_URL = /\b(?:https?:\/\/|mailto:)[^\s<>]+/g;
/** Stands for a piece of text kept aside while emphasis is removed; never typed (a private-use character). */
const HOLD = '\uE000';
/** Where a mention the customer has no words for was left out. */
const GONE = '\uE001';

/**
 * `from` says where the text was written: a `message` (a slash command, a message event) comes with Slack's entities
 * and `<…>` tokens; a `form` (a modal's plain_text_input) holds exactly what was typed, `<` and `&` included, so only
 * the emphasis people type out of habit is taken out.
 */
export function staffTextForCustomer(text: string, nameOf: NameOf = () => undefined, from: 'message' | 'form' = 'message'): string {
  const held: string[] = [];
  const hold = (value: string) => `${HOLD}${held.push(value) - 1}${HOLD}`;
  const unescape = from === 'message' ? unescapeEntities : (typed: string) => typed;

  let out = text.replace(/```([\s\S]*?)```/g, (_, code: string) => hold(unescape(code.replace(/^\n|\n$/g, ''))));
  out = out.replace(/`([^`\n]+)`/g, (_, code: string) => hold(unescape(code)));
  if (from === 'message') out = out.replace(ANGLE_TOKEN, (_, inner: string) => hold(angleToken(inner, nameOf)));
  out = out.replace(BARE_URL, (url) => hold(unescape(url)));
  out = withoutEmphasis(out);
  if (from === 'message') out = unescapeEntities(out.replace(/^&gt;[ \t]?/gm, ''));
  out = out.replace(new RegExp(`${HOLD}(\\d+)${HOLD}`, 'g'), (_, index: string) => held[Number(index)]);
  return withoutGaps(out).trim();
}

function angleToken(inner: string, nameOf: NameOf): string {
  const [target, label] = splitLabel(inner);
  if (target.startsWith('@')) {
    const name = nameOf(target.slice(1));
    return name ?? (label ? label.replace(/^@/, '') : GONE);
  }
  // <#C123|general> names a channel only staff can see: its name means nothing to the customer
  if (target.startsWith('#')) return label ? `#${unescapeEntities(label)}` : GONE;
  // <!here>, <!channel>, <!subteam^S123|@team>, <!date^…|fallback>: only a date's fallback text is words for the customer
  if (target.startsWith('!')) return target.startsWith('!date^') && label ? unescapeEntities(label) : GONE;
  const url = unescapeEntities(target);
  const address = url.startsWith('mailto:') ? url.slice('mailto:'.length) : url;
  if (!label) return address;
  const words = unescapeEntities(withoutEmphasis(label));
  return words === address || words === url ? address : `${words} (${address})`;
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar === -1 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

/**
 * Slack's emphasis: a marker at the start of a word and its twin at the end of one, on one line. `2*3*4`, `snake_case`
 * and a lone `*` are left as they are, as Slack leaves them.
 */
function withoutEmphasis(text: string): string {
  let out = text;
  for (const marker of ['\\*', '_', '~']) {
    const pattern = new RegExp(`(^|[\\s(\\[{"'“‘${HOLD}])${marker}(?=\\S)([^\\n]*?\\S)${marker}(?=$|[\\s.,;:!?)\\]}"'”’${HOLD}])`, 'gmu');
    // twice, for emphasis inside emphasis: *_both_*
    out = out.replace(pattern, '$1$2').replace(pattern, '$1$2');
  }
  return out;
}

function unescapeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** A mention left out leaves no doubled space behind, nor a space before the punctuation that followed it. */
function withoutGaps(text: string): string {
  const gap = new RegExp(`([.,;:!?]?)[ \\t]*${GONE}([ \\t]*)([.,;:!?]?)`, 'g');
  return text.replace(gap, (_, before: string, space: string, after: string) => {
    if (before && after) return before;
    if (after) return after;
    return `${before}${space ? ' ' : ''}`;
  });
}
