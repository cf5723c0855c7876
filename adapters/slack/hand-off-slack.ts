import { Inject, Injectable } from '@nestjs/common';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import { ModalSeals } from './modal-seals.js';
import { staffTextForCustomer } from './staff-markup.js';
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../src/common/domain-error.js';
import {
  HAND_OFF_OVERDUE,
  HAND_OFF_POST,
  HAND_OFF_THREAD,
  handOffOverduePayload,
  handOffPostPayload,
  handOffThreadPayload,
} from '../../src/complaints/hand-offs/hand-off-messages.js';
import { HandOffs } from '../../src/complaints/hand-offs/hand-offs.service.js';
import { maskContact } from '../../src/contacts/contact-format.js';
import { DeliveryError, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import { ClusterLocks } from '../../src/database/cluster-locks.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { CardContexts } from './card-context.js';
import type { SlackMessage } from './case-card.js';
import {
  HAND_OFF_REPLY_ACTION,
  HAND_OFF_REPLY_MODAL,
  handOffOverdue,
  handOffPost,
  handOffReplyModal,
  handOffThreadMessage,
} from './hand-off-posts.js';
import { NOT_STAFF, refusalText } from './refusals.js';
import { deliveryErrorFrom, SlackWebApi } from './slack-web-api.js';
import { SlackHandOffPostRepository } from './slack-hand-off-post.repository.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';


/** The contact kind and words of each channel a reply to a request for a person may go by. */
const REPLY_CHANNELS: Record<string, { kind: string; words: string }> = {
  sms: { kind: 'phone', words: 'SMS' },
  whatsapp: { kind: 'whatsapp', words: 'WhatsApp' },
  webchat: { kind: 'webchat', words: 'web chat' },
};
/** Outbox messages about requests for a person made outside any complaint: they have no card, so a post of their own. */
export const HAND_OFF_KINDS: readonly string[] = [HAND_OFF_POST, HAND_OFF_THREAD, HAND_OFF_OVERDUE];

const replyMetadata = z.object({ handOffId: z.string().min(1) });

/**
 * Requests for a person made outside any complaint, in Slack: posted in the cases channel mentioning the
 * supervisors, with a button to reply to the customer on the channel they asked from; the conversation that follows
 * goes under the post.
 */
@Injectable()
export class HandOffSlack {

  constructor(
    private readonly handOffs: HandOffs,
    private readonly posts: SlackHandOffPostRepository,
    private readonly contexts: CardContexts,
    private readonly slack: SlackWebApi,
    private readonly seals: ModalSeals,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    /** One delivery per request for a person at a time, across instances: two would each post the request. */
    private readonly locks: ClusterLocks,
  ) {}

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const channelId = this.settings.casesChannel;
    if (!channelId) throw new DeliveryError('SLACK_CASES_CHANNEL is not set, so requests for a person have nowhere to go in Slack', true);
    const timeZone = this.contexts.now().timeZone;
    const supervisors = this.settings.staff.supervisors();
    if (message.kind === HAND_OFF_POST) {
      const post = handOffPostPayload.safeParse(message.payload);
      if (!post.success) throw new DeliveryError('A request for a person Slack cannot read', true);
      return this.locks.exclusive(`slack-hand-off:${post.data.handOffId}`, async () => {
        const existing = await this.posts.find(post.data.handOffId);
        if (existing) return { providerId: existing.ts };
        const ts = await this.post(channelId, handOffPost(post.data, supervisors, timeZone));
        await this.posts.add({ handOffId: post.data.handOffId, channelId, ts });
        return { providerId: ts };
      });
    }
    const thread = handOffThreadPayload.safeParse(message.payload);
    const overdue = handOffOverduePayload.safeParse(message.payload);
    const handOffId = thread.success ? thread.data.handOffId : overdue.success ? overdue.data.handOffId : undefined;
    if (!handOffId) throw new DeliveryError(`A ${message.kind} message Slack cannot read`, true);
    return this.locks.exclusive(`slack-hand-off:${handOffId}`, async () => {
      const posted = await this.posts.find(handOffId);
      // The request itself is not in Slack yet: this waits for it, so the thread stays in order.
      if (!posted) throw new DeliveryError('The request for a person is not posted yet', false);
      const inThread = message.kind === HAND_OFF_OVERDUE && overdue.success ? handOffOverdue(overdue.data, supervisors, timeZone) : thread.success ? handOffThreadMessage(thread.data, timeZone) : undefined;
      if (!inThread) throw new DeliveryError(`A ${message.kind} message Slack cannot read`, true);
      const ts = await this.post(posted.channelId, inThread, { ts: posted.ts, broadcast: message.kind === HAND_OFF_OVERDUE });
      return { providerId: ts };
    });
  }

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HAND_OFF_REPLY_ACTION }, (args) => this.onReplyButton(args));
    app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: HAND_OFF_REPLY_MODAL }, (args) => this.onReplySubmit(args));
  }

  private async onReplyButton({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!channelId || !action.value) return;
    const tell = (text: string) => this.slack.privately(channelId, body.user.id, text);
    if (!this.settings.staff.actorFor(body.user.id)) return tell(NOT_STAFF);
    try {
      const request = await this.handOffs.find(action.value);
      const { kind, words } = REPLY_CHANNELS[request.replyChannel] ?? REPLY_CHANNELS.webchat;
      const replyTo = `by ${words} (${maskContact({ kind, value: request.replyAddress })})`;
      await this.seals.open(body.trigger_id, body.user.id, handOffReplyModal(request.id, replyTo));
    } catch (error) {
      if (error instanceof DomainError) return tell(refusalText(error));
      throw error;
    }
  }

  private async onReplySubmit({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const metadata = replyMetadata.safeParse(safeJson(view.private_metadata));
    if (!metadata.success) return ack();
    const actor = this.settings.staff.actorFor(body.user.id);
    if (!actor) return ack({ response_action: 'errors', errors: { text: NOT_STAFF } });
    const text = staffTextForCustomer(view.state.values.text?.value?.value?.trim() ?? '', (id) => this.settings.staff.firstName(id), 'form');
    if (!text) return ack({ response_action: 'errors', errors: { text: 'Please write the message to the customer.' } });
    if (text.length > TEXT_LIMITS.reply) return ack({ response_action: 'errors', errors: { text: `Please keep it to ${TEXT_LIMITS.reply} characters.` } });
    // As for a case's reply: a refusal can only come back inside the modal, in the answer to this request.
    try {
      await this.handOffs.reply(metadata.data.handOffId, text, actor);
    } catch (error) {
      if (error instanceof DomainError) return ack({ response_action: 'errors', errors: { text: refusalText(error) } });
      await ack({ response_action: 'errors', errors: { text: 'Something went wrong on our side and nothing was sent. Please try again.' } });
      throw error;
    }
    await ack();
  }

  private async post(channel: string, message: SlackMessage, thread?: { ts: string; broadcast: boolean }): Promise<string> {
    try {
      const common = { channel, ...message, unfurl_links: false, unfurl_media: false };
      const posted = await this.slack.client.chat.postMessage(
        thread ? { ...common, thread_ts: thread.ts, reply_broadcast: thread.broadcast } : common,
      );
      if (!posted.ts) throw new DeliveryError('Slack posted the message without saying where', false);
      return posted.ts;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw deliveryErrorFrom(error);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not JSON: not one of our modals
  }
}
