import { Injectable } from '@nestjs/common';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../../src/notifications/outbox-message.entity.js';
import { MessageRenderer } from '../../../src/notifications/rendering/message-renderer.js';
import { BotServiceConversations } from '../bot-service/bot-service-conversations.js';
import { ProactiveMessages } from '../bot-service/proactive-messages.js';
import { CHANNEL_ID, Transcript } from './transcript.js';

/**
 * Delivers `webchat` outbox messages (staff replies, status updates), worded for chat when sent, to the customer's
 * conversation, wherever it is held. One of our Direct Line conversations gets the message in its transcript: an open chat page has it on its
 * stream at once, or at its next poll, and otherwise when the customer opens it again in the same tab (delivered).
 * A conversation that came through /api/messages (Azure Bot Service, the Emulator) gets a Bot Framework proactive
 * message at the service URL of its latest turn (sent: the connector confirms no more than taking it). A conversation
 * neither knows fails for good.
 */
@Injectable()
export class WebChatNotifier implements ChannelNotifier {
  readonly channel = CHANNEL_ID;

  constructor(
    private readonly transcript: Transcript,
    private readonly botServiceConversations: BotServiceConversations,
    private readonly proactive: ProactiveMessages,
    private readonly renderer: MessageRenderer,
  ) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const { address } = message.recipient;
    if (typeof address !== 'string') throw new DeliveryError('The message has no web chat conversation id', true);
    const { text, language: locale, from } = this.renderer.render(message.payload, 'chat');
    const conversation = await this.transcript.find(address);
    if (conversation) {
      // the outbox id makes a retried delivery land once
      const id = await this.transcript.notify(conversation, text, locale, `outbox:${message.id}`, from);
      return { providerId: id, delivered: true };
    }
    const reference = await this.botServiceConversations.find(address);
    if (reference) return { providerId: await this.proactive.send(reference, text, locale, from) };
    throw new DeliveryError('No web chat conversation of this server has that id', true);
  }
}
