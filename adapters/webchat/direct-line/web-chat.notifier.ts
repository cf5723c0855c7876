import { Injectable } from '@nestjs/common';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../../src/notifications/outbox-message.entity.js';
import { CHANNEL_ID, Transcript } from './transcript.js';

/**
 * Delivers `webchat` outbox messages (staff replies, status updates) into the customer's conversation: an open
 * chat page gets them on its stream at once, or at its next poll, and otherwise when the customer opens it again
 * in the same tab. A conversation held by
 * Azure Bot Service (through /api/messages) is not ours to write to: such a message fails for good.
 */
@Injectable()
export class WebChatNotifier implements ChannelNotifier {
  readonly channel = CHANNEL_ID;

  constructor(private readonly transcript: Transcript) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const { address } = message.recipient;
    const { text, language } = message.payload;
    if (typeof text !== 'string' || text.trim() === '') throw new DeliveryError('The message has no text', true);
    const conversation = typeof address === 'string' ? await this.transcript.find(address) : null;
    if (!conversation) throw new DeliveryError('No web chat conversation of this server has that id', true);
    // the outbox id makes a retried delivery land once
    const id = await this.transcript.notify(conversation, text, typeof language === 'string' ? language : undefined, `outbox:${message.id}`);
    return { providerId: id, delivered: true };
  }
}
