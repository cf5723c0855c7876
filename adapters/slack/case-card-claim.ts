/**
 * How a case card carries its claim into Slack, so that whoever takes a claim over can find the card a poster that
 * is gone may have left in the channel: each card's message metadata names the case and the claim it was posted under.
 */

/** The metadata event type of a case card. */
export const CASE_CARD_EVENT = 'redress_case_card';

/**
 * How far before a claim the channel's history is read: the claim's time is this instance's clock and a message's
 * ts is Slack's, which may disagree by this much.
 */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface CardMetadata {
  event_type: typeof CASE_CARD_EVENT;
  event_payload: { reference: string; claimed_at: string };
}

/** A message as conversations.history gives it, with metadata when asked for (`include_all_metadata`). */
export interface HistoryMessage {
  ts?: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function cardMetadata(reference: string, claimedAt: string): CardMetadata {
  return { event_type: CASE_CARD_EVENT, event_payload: { reference, claimed_at: claimedAt } };
}

/** The part of the channel's history where a card posted under a claim made at `claimedAt` can be: from then on. */
export function claimWindow(claimedAt: string): { oldest: string } {
  const from = Date.parse(claimedAt) - CLOCK_SKEW_MS;
  if (Number.isNaN(from)) throw new RangeError(`Not a time: ${claimedAt}`);
  return { oldest: `${Math.floor(Math.max(0, from) / 1000)}.000000` };
}

/**
 * The ts of the case's card among these messages, if one is there: a message of the channel (not a reply in a thread)
 * whose metadata names the case. Were there several, the oldest is taken, whichever claim posted it.
 */
export function cardInHistory(messages: readonly HistoryMessage[], reference: string): string | undefined {
  const cards = messages.filter(
    (message) =>
      message.ts &&
      (!message.thread_ts || message.thread_ts === message.ts) &&
      message.metadata?.event_type === CASE_CARD_EVENT &&
      message.metadata.event_payload?.reference === reference,
  );
  return cards.map((message) => message.ts as string).sort(byTs)[0];
}

/** Slack's ts are seconds and microseconds, `1772445600.000123`; compared as numbers, not as text. */
function byTs(a: string, b: string): number {
  const [aSeconds, aMicros = '0'] = a.split('.');
  const [bSeconds, bMicros = '0'] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0'));
}
