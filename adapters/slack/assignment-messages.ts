import { Injectable } from '@nestjs/common';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { DeliveryError, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { assignmentNotice, assignmentNoticePayload, assignmentNoticeRecipient } from './assignment-notice.js';
import { CardContexts } from './card-context.js';
import { CardLinks } from './card-links.js';
import type { PostedCard } from './case-card.repository.js';
import { deliveryErrorFrom, SlackWebApi } from './slack-web-api.js';

/** Sends the direct message that tells someone they were given a case (see assignment-notice.ts). */
@Injectable()
export class AssignmentMessages {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly links: CardLinks,
    private readonly contexts: CardContexts,
    private readonly slack: SlackWebApi,
  ) {}

  /** `card` is the case's card, posted first if need be, so that the message can link to its thread. */
  async deliver(message: OutboxMessageRecord, card: PostedCard): Promise<DeliveryReceipt> {
    const recipient = assignmentNoticeRecipient.safeParse(message.recipient);
    const payload = assignmentNoticePayload.safeParse(message.payload);
    if (!recipient.success || !payload.success) throw new DeliveryError('An assignment message Slack cannot read', true);
    const complaint = await this.complaints.get(card.reference);
    const user = recipient.data.user;
    return this.call(async () => {
      const link = await this.links.of(card);
      // conversations.open gives the bot's direct-message channel with the person, the same one each time
      const opened = await this.slack.client.conversations.open({ users: user });
      const channel = opened.channel?.id;
      if (!channel) throw new DeliveryError(`Slack opened no direct message with ${user}`, false);
      const notice = assignmentNotice(complaint, payload.data, link, this.contexts.now());
      const posted = await this.slack.client.chat.postMessage({ channel, ...notice, unfurl_links: false, unfurl_media: false });
      return { providerId: posted.ts };
    });
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw deliveryErrorFrom(error);
    }
  }
}
