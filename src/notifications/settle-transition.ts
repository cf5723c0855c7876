import type { OutboxStatus } from './outbox-message.entity.js';

/** What became of a message handed to a provider, whoever tells us: the relay at send time, or a provider's callback. */
export const OUTCOMES = ['sent', 'delivered', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The status a message moves to on hearing an outcome, or null when the outcome tells us nothing new and changes
 * nothing. A message only ever moves forward:
 * - `sending` (with the relay or a provider that has not answered yet) takes any outcome;
 * - `sent` (the provider took it) may still be delivered or fail;
 * - `delivered` and `failed` are final. Twilio calls both `delivered` and `undelivered`/`failed` final statuses and
 *   does not promise its callbacks in order, so a failure reported after a delivery is the older news and is not
 *   taken, and a late `sent` never undoes a delivery;
 * - `pending` is a message waiting to be tried again after a passing failure: the relay says what became of it when
 *   it next tries. Only a failure the provider reports can come first, for a part it already took of a message sent
 *   in several (the first of two texts): the message is broken, so it fails now rather than be sent in part.
 */
export function settledStatus(current: OutboxStatus, outcome: Outcome): OutboxStatus | null {
  switch (current) {
    case 'sending':
      return outcome;
    case 'sent':
      return outcome === 'sent' ? null : outcome;
    case 'pending':
      return outcome === 'failed' ? 'failed' : null;
    case 'delivered':
    case 'failed':
      return null;
  }
}
