import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../src/common/domain-error.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { DisputesService } from '../../src/disputes/disputes.service.js';
import { disputeBlocks, withDispute } from './dispute-card.js';
import { DeliveryError, type ChannelNotifier, type DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import { ClusterLocks } from '../../src/database/cluster-locks.js';
import { EvidenceFiles } from '../../src/evidence/evidence-files.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { AssignmentMessages } from './assignment-messages.js';
import { ASSIGNMENT_NOTICE } from './assignment-notice.js';
import { CardContexts } from './card-context.js';
import { caseCard, type SlackMessage } from './case-card.js';
import { cardInHistory, cardMetadata, claimWindow, type HistoryMessage } from './case-card-claim.js';
import { CaseCardRepository, type PostedCard } from './case-card.repository.js';
import {
  CASE_CARD,
  cardRecipient,
  DEADLINE_ALERTS,
  deadlineAlert,
  deadlineAlertPayload,
  deadlineAlertRecipient,
  SLACK_CHANNEL,
  THREAD_MESSAGE,
  threadMessage,
  threadMessagePayload,
  type ThreadMessagePayload,
} from './case-thread.js';
import { HAND_OFF_KINDS, HandOffSlack } from './hand-off-slack.js';
import { SURVEY_ANSWERS } from '../../src/satisfaction/survey-desk.service.js';
import { surveyAnswersMessage, surveyAnswersPayload, surveyAnswersRecipient } from './survey-posts.js';
import { inMessages } from './slack-limits.js';
import { deliveryErrorFrom, SlackWebApi, slackErrorCode } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';

type EvidencePost = Extract<ThreadMessagePayload, { direction: 'evidence' }>;

/** The metadata event type of a post in a card's thread, naming the outbox message (and part) it delivers. */
const THREAD_POST_EVENT = 'redress_thread_post';

/**
 * Delivers what the outbox owes Slack. A card is always drawn from the case as it is when delivered, so an update
 * that waited in the outbox can never put an older stage or older buttons back on the card. One complaint's
 * messages are delivered one at a time, so its card is posted once and its thread stays in order.
 */
@Injectable()
export class CaseCardNotifier implements ChannelNotifier {
  readonly channel = SLACK_CHANNEL;
  private readonly logger = new Logger('SlackCaseCards');

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly contexts: CardContexts,
    private readonly cards: CaseCardRepository,
    private readonly slack: SlackWebApi,
    private readonly handOffs: HandOffSlack,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    private readonly disputes: DisputesService,
    private readonly assignments: AssignmentMessages,
    /** One delivery per case at a time, across instances: two would each find no card and post one. */
    private readonly locks: ClusterLocks,
    private readonly evidenceFiles: EvidenceFiles,
  ) {}

  /** Without a cases channel there are no cards and nowhere to post a request for a person. */
  reachesAnyone(): boolean {
    return this.settings.casesChannel !== null;
  }

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const reference = message.reference;
    if (!reference && HAND_OFF_KINDS.includes(message.kind)) return this.handOffs.deliver(message);
    const recipient = cardRecipient.safeParse(message.recipient);
    const channelId = (recipient.success ? recipient.data.channel : undefined) ?? this.settings.casesChannel;
    if (!reference) throw new DeliveryError(`A ${message.kind} message in Slack needs a complaint`, true);
    if (!channelId) throw new DeliveryError('SLACK_CASES_CHANNEL is not set, so complaints have no card in Slack', true);

    if (message.kind === ASSIGNMENT_NOTICE) {
      return this.locks.exclusive(`slack-card:${reference}`, async () => this.assignments.deliver(message, await this.syncCard(reference, channelId)));
    }
    if (message.kind === CASE_CARD) {
      return this.locks.exclusive(`slack-card:${reference}`, async () => ({ providerId: (await this.syncCard(reference, channelId)).ts }));
    }
    if (message.kind === THREAD_MESSAGE) {
      const payload = threadMessagePayload.safeParse(message.payload);
      if (payload.success && payload.data.direction === 'evidence') return this.uploadEvidence(reference, channelId, message, payload.data);
    }
    const inThread = this.threadMessageFor(reference, message);
    return this.locks.exclusive(`slack-card:${reference}`, async () => {
      const card = await this.syncCard(reference, channelId);
      // a long text can need more blocks than one Slack message holds: it goes in several, in order
      const parts = inMessages(inThread.blocks);
      // tried before, a part may have reached Slack although its answer did not reach us: those are not posted again
      const already = message.attempts > 1 ? await this.partsPosted(card, message.id) : new Map<number, string>();
      const posted: string[] = [];
      for (const [part, blocks] of parts.entries()) {
        const existing = already.get(part);
        if (existing) {
          posted.push(existing);
          continue;
        }
        const result = await this.call(() =>
          this.slack.client.chat.postMessage({
            channel: card.channelId,
            thread_ts: card.ts,
            reply_broadcast: inThread.broadcast && part === 0,
            text: part === 0 ? inThread.text : `${inThread.text} (continued, ${part + 1} of ${parts.length})`,
            blocks,
            metadata: { event_type: THREAD_POST_EVENT, event_payload: { outbox_id: message.id, part } },
            unfurl_links: false,
            unfurl_media: false,
          }),
        );
        posted.push(result.ts ?? '');
      }
      return { providerId: posted[0] };
    });
  }

  /**
   * A file the customer sent, uploaded into the card's thread with a line saying what it is and how it came: Slack's
   * external upload (files.getUploadURLExternal, the bytes to the URL it gives, files.completeUploadExternal with the
   * channel and thread). Tried again after a failure, a file the thread already shows (found by its title, which
   * carries the evidence id) is not shared twice.
   */
  private async uploadEvidence(reference: string, channelId: string, message: OutboxMessageRecord, data: EvidencePost): Promise<DeliveryReceipt> {
    const file = await this.evidenceFiles.read(reference, data.evidenceId);
    if (!file) throw new DeliveryError(`The file ${data.evidenceId} of ${reference} is no longer held (erased)`, true);
    const line = threadMessage(reference, data, this.contexts.now().timeZone);
    const section = line.blocks?.[0] as { text?: { text?: string } } | undefined;
    const title = `${file.fileName} (${data.evidenceId.slice(0, 8)})`;
    return this.locks.exclusive(`slack-card:${reference}`, async () => {
      const card = await this.syncCard(reference, channelId);
      if (message.attempts > 1) {
        const shared = await this.fileInThread(card, title);
        if (shared) return { providerId: shared };
      }
      const target = await this.call(() => this.slack.client.files.getUploadURLExternal({ filename: file.fileName, length: file.bytes.length }));
      if (!target.upload_url || !target.file_id) throw new DeliveryError('Slack gave no address to upload the file to', false);
      const upload = await fetch(target.upload_url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file.bytes }).catch((error: unknown) => {
        throw new DeliveryError(`The file could not be sent to Slack: ${(error as Error).message}`, false);
      });
      if (!upload.ok) throw new DeliveryError(`Slack refused the file's bytes (HTTP ${upload.status})`, false);
      const fileId = target.file_id;
      await this.call(() =>
        this.slack.client.files.completeUploadExternal({
          files: [{ id: fileId, title }],
          channel_id: card.channelId,
          thread_ts: card.ts,
          initial_comment: section?.text?.text ?? line.text,
        }),
      );
      return { providerId: fileId };
    });
  }

  /** The id of a file with this title already shared in the card's thread, if Slack can say. */
  private async fileInThread(card: PostedCard, title: string): Promise<string | undefined> {
    let cursor: string | undefined;
    try {
      do {
        const page = await this.slack.client.conversations.replies({ channel: card.channelId, ts: card.ts, limit: 200, cursor });
        for (const reply of page.messages ?? []) {
          const found = (reply.files ?? []).find((file) => file.title === title);
          if (found?.id) return found.id;
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      this.logger.warn({ reference: card.reference, code: slackErrorCode(error) }, 'Could not read the thread to see whether the file was shared already');
    }
    return undefined;
  }

  /**
   * The parts of an outbox message already in the card's thread, found by the metadata each post carries. Without
   * them (Slack unreachable, no history scope) nothing is known to be posted and the message is posted whole.
   */
  private async partsPosted(card: PostedCard, outboxId: string): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    let cursor: string | undefined;
    try {
      do {
        const page = await this.slack.client.conversations.replies({ channel: card.channelId, ts: card.ts, include_all_metadata: true, limit: 200, cursor });
        for (const reply of page.messages ?? []) {
          const metadata = reply.metadata as { event_type?: string; event_payload?: { outbox_id?: unknown; part?: unknown } } | undefined;
          if (metadata?.event_type === THREAD_POST_EVENT && metadata.event_payload?.outbox_id === outboxId && typeof metadata.event_payload.part === 'number') {
            found.set(metadata.event_payload.part, reply.ts ?? '');
          }
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      this.logger.warn({ reference: card.reference, code: slackErrorCode(error) }, 'Could not read the thread to see what was posted already');
    }
    return found;
  }

  private threadMessageFor(reference: string, message: OutboxMessageRecord): SlackMessage & { broadcast: boolean } {
    const timeZone = this.contexts.now().timeZone;
    if (message.kind === THREAD_MESSAGE) {
      const payload = threadMessagePayload.safeParse(message.payload);
      if (!payload.success) throw new DeliveryError('A thread message Slack cannot read', true);
      // A request for a person is for whoever has the case, or the supervisors while nobody has; shown in the channel.
      // A request for a person, or a complaint the customer withdrew or reopened, is for whoever has the case, or the
      // supervisors while nobody has; shown in the channel too.
      const { data } = payload;
      const forStaff = data.direction === 'hand_off' || data.direction === 'customer_change';
      const people = forStaff ? this.assigneeOrSupervisors(data.assigneeId) : [];
      const option = data.direction === 'case_step' ? this.contexts.forDispute(reference).optionName : undefined;
      return { ...threadMessage(reference, data, timeZone, people, option), broadcast: forStaff };
    }
    const alert = DEADLINE_ALERTS.find((kind) => kind === message.kind);
    if (alert) {
      const payload = deadlineAlertPayload.safeParse(message.payload);
      const recipient = deadlineAlertRecipient.safeParse(message.recipient);
      if (!payload.success || !recipient.success) throw new DeliveryError('A deadline alert Slack cannot read', true);
      const { audience, assigneeId } = recipient.data;
      // Nobody has the case yet: the supervisors are the ones to act on it.
      const people = audience === 'assignee' ? this.assigneeOrSupervisors(assigneeId) : this.settings.staff.supervisors();
      // A missed deadline is shown in the channel too, not only in the thread.
      return { ...deadlineAlert(reference, alert, payload.data, people, timeZone), broadcast: alert === 'deadline_missed' };
    }
    if (message.kind === SURVEY_ANSWERS) {
      const payload = surveyAnswersPayload.safeParse(message.payload);
      const recipient = surveyAnswersRecipient.safeParse(message.recipient);
      if (!payload.success || !recipient.success) throw new DeliveryError('Survey answers Slack cannot read', true);
      // a low score is for whoever has the case and the supervisors, who can reopen it; shown in the channel too
      const low = recipient.data.audience === 'assignee_and_supervisors';
      const people = low ? [...new Set([...(recipient.data.assigneeId ? [recipient.data.assigneeId] : []), ...this.settings.staff.supervisors()])] : [];
      return { ...surveyAnswersMessage(reference, payload.data, people), broadcast: low };
    }
    throw new DeliveryError(`Slack does not deliver ${message.kind} messages`, true);
  }

  private assigneeOrSupervisors(assigneeId: string | null | undefined): string[] {
    return assigneeId ? [assigneeId] : this.settings.staff.supervisors();
  }

  /** Posts the card if there is none yet, otherwise brings it up to date; either way from the case as it is now. */
  private async syncCard(reference: string, channelId: string): Promise<PostedCard> {
    const complaint = await this.complaints.get(reference).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'complaint_not_found') throw new DeliveryError(error.message, true);
      throw error;
    });
    const context = this.contexts.now();
    const dispute = await this.disputes.find(reference);
    const card = dispute
      ? withDispute(caseCard(complaint, context), disputeBlocks(dispute, this.contexts.forDispute(reference)))
      : caseCard(complaint, context);
    const hash = digest(card);
    const existing = await this.cards.find(reference);
    if (existing && 'posted' in existing) {
      const { posted } = existing;
      if (posted.renderedHash === hash) return posted;
      try {
        await this.slack.client.chat.update({ channel: posted.channelId, ts: posted.ts, ...card });
      } catch (error) {
        // Someone deleted the card in Slack: the case still needs one.
        if (slackErrorCode(error) !== 'message_not_found') throw deliveryErrorFrom(error);
        await this.cards.forget(reference);
        return this.syncCard(reference, channelId);
      }
      await this.cards.rendered(reference, hash);
      return { ...posted, renderedHash: hash };
    }
    const claim = await this.cards.claim(reference, channelId);
    if ('posted' in claim) return this.syncCard(reference, channelId);
    let claimedAt: string;
    if ('left' in claim) {
      // whoever claimed the card before holds the case's lock no longer: it died, or its post's answer never came back,
      // and the card may be in the channel already
      const { left } = claim;
      const found = await this.cardInChannel(reference, left.channelId, left.claimedAt);
      if (found) {
        this.logger.log({ reference }, 'Found the card a claim left behind had posted; it is not posted again');
        await this.cards.adopt(reference, left.channelId, found);
        return this.syncCard(reference, channelId);
      }
      const taken = await this.cards.takeOver(reference, channelId, left.claimedAt);
      if (!taken) throw new DeliveryError(`Another instance is posting the card for ${reference}`, false);
      claimedAt = taken;
    } else {
      claimedAt = claim.claimedAt;
    }
    let ts: string | undefined;
    try {
      ts = (
        await this.slack.client.chat.postMessage({
          channel: channelId,
          ...card,
          metadata: cardMetadata(reference, claimedAt),
          unfurl_links: false,
          unfurl_media: false,
        })
      ).ts;
    } catch (error) {
      // Slack refused it, so it is not in the channel; otherwise it may be, and the claim stays for the next try to
      // look for it there
      if (slackErrorCode(error)) await this.cards.release(reference);
      throw deliveryErrorFrom(error);
    }
    if (!ts) throw new DeliveryError('Slack posted the card without saying where', false);
    const posted = { reference, channelId, ts, renderedHash: hash };
    if (!(await this.cards.posted(posted, claimedAt))) {
      // this poster lost the case's lock on the way (its connection to the database dropped) and another instance took
      // the claim over: the other's card is the one, so this one goes
      await this.call(() => this.slack.client.chat.delete({ channel: channelId, ts: posted.ts }));
      throw new DeliveryError(`Another instance took over the card for ${reference}`, false);
    }
    return posted;
  }

  /**
   * The ts of the case's card in the channel, posted under a claim made at `claimedAt` or later, found by its metadata.
   * A bot without the history scope cannot look: it posts, as it did before cards carried metadata.
   */
  private async cardInChannel(reference: string, channelId: string, claimedAt: string): Promise<string | undefined> {
    let cursor: string | undefined;
    try {
      do {
        const page = await this.slack.client.conversations.history({
          channel: channelId,
          ...claimWindow(claimedAt),
          inclusive: true,
          include_all_metadata: true,
          limit: 200,
          cursor,
        });
        const found = cardInHistory((page.messages ?? []) as HistoryMessage[], reference);
        if (found) return found;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== 'missing_scope' && code !== 'not_in_channel') throw deliveryErrorFrom(error);
      this.logger.warn({ reference, code }, 'Could not read the channel to see whether the card was posted already');
    }
    return undefined;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }
}

function digest(message: SlackMessage): string {
  return createHash('sha256').update(JSON.stringify(message)).digest('hex');
}
