import type { OutboxMessageRecord } from './outbox-message.entity.js';

/**
 * A channel's way of handing one outbox message to its provider (Bot Framework, Twilio, Slack). Throw a
 * `DeliveryError` to say whether trying again can help; any other error counts as temporary.
 *
 * A message to a customer is worded here, at send time: `renderer.render(message.payload, medium)` (see
 * rendering/message-renderer.ts) gives its text, signature and language. What the relay hears back is settled by the
 * relay; what the provider reports later (a delivery receipt, a bounce) the channel settles through
 * `OutboxSettlement.settle` with the receipt's `providerId` (see outbox-settlement.ts).
 */
export interface ChannelNotifier {
  readonly channel: string;
  deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt>;
  /**
   * Whether messages that name no one in particular (a request for a person outside any complaint) have somewhere to
   * go: a staff channel set up without one would fail them. Assumed when absent.
   */
  reachesAnyone?(): boolean;
}

export interface DeliveryReceipt {
  /** The provider's id for the message (Twilio SID, Slack ts), for delivery callbacks and edits. */
  providerId?: string;
  /** True when the provider confirmed delivery itself; otherwise `sent`, and a callback may follow. */
  delivered?: boolean;
  /**
   * What the notifier has still to write about the send (SMS: the last text's Message SID), written by the relay in
   * the transaction that settles the message: one commit rather than two. A crash before it commits leaves the send
   * as the notifier recorded it before its last request, which its own recovery must already cope with.
   */
  recordWithSettlement?: () => Promise<void>;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
