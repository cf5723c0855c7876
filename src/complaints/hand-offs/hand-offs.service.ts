import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorLabel } from '../../audit/case-history.js';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { DomainError } from '../../common/domain-error.js';
import { CodeOfConductService } from '../../conduct/code-of-conduct.service.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { signature } from '../../notifications/customer-messages.policy.js';
import { maskContact } from '../../contacts/contact-format.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { Outbox, type NewOutboxMessage } from '../../notifications/outbox.js';
import { CLOCK, type Clock } from '../clock.js';
import { ComplaintsService } from '../complaints.service.js';
import { customerAddress, type CustomerAddress } from '../customer-address.js';
import type { Actor } from '../domain/complaint.commands.js';
import type { HandOffReceipt } from '../customer-desk/customer-desk.js';
import type { Channel } from '../domain/complaint.js';
import type { HandOffRecord } from './hand-off.entity.js';
import { HandOffRepository } from './hand-off.repository.js';
import { maskedRecipient } from '../../notifications/masked-recipient.js';
import type { SettledMessage } from '../../notifications/outbox-settlement.js';
import { messagePayload, STAFF_REPLY_KEY } from '../../notifications/rendering/message-payload.js';
import {
  HAND_OFF_CHECK,
  HAND_OFF_POST,
  HAND_OFF_PROMISE_INDICATOR,
  HAND_OFF_THREAD,
  HAND_OFF_WATCH_CHANNEL,
  type HandOffCheckPayload,
  type HandOffPostPayload,
  type HandOffThreadPayload,
} from './hand-off-messages.js';

/** Who asks, as the customer desk knows them. */
export interface HandOffRequester {
  /** `webchat:<conversation id>` or `sms:<E.164>`. */
  key: string;
  channel: Channel;
}

/**
 * A customer asks to talk to a person. Staff see the request at once (in the complaint's thread, or as a post of
 * its own when there is no complaint), mentioning whoever has to act, with the reply the code of conduct promises
 * and when. A request nobody answered in time is raised with the supervisors.
 */
@Injectable()
export class HandOffs {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly handOffs: HandOffRepository,
    private readonly outbox: Outbox,
    private readonly channels: ChannelRegistry,
    private readonly complaints: ComplaintsService,
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(requester: HandOffRequester, reference: string | null, language: string): Promise<HandOffReceipt> {
    const now = this.clock.now();
    // Staff hear of requests for a person where they work (Slack), when a staff channel is set up.
    const staff = this.channels.staffChannel();
    const reachesStaff = staff !== undefined && (staff.notifier.reachesAnyone?.() ?? true);
    const dueAt = reachesStaff ? this.dueAfter(now) : null;
    if (reference) {
      const complaint = await this.complaints.recordHandOff(reference, requester.channel, dueAt);
      return { reference, reachesStaff, replyOn: customerAddress(complaint, this.channels), dueAt };
    }
    const replyOn = ownAddress(requester);
    if (!staff || !reachesStaff) return { reference: null, reachesStaff, replyOn, dueAt };

    const record: HandOffRecord = {
      id: randomUUID(),
      requesterKey: requester.key,
      replyChannel: replyOn.channel,
      replyAddress: replyOn.address,
      language,
      requestedAt: now.toISOString(),
      dueAt,
      answeredAt: null,
      answeredBy: null,
    };
    const post: HandOffPostPayload = {
      handOffId: record.id,
      channel: requester.channel,
      replyTo: maskContact({ kind: this.channels.profile(replyOn.channel)?.contactKinds[0] ?? replyOn.channel, value: replyOn.address }),
      requestedAt: record.requestedAt,
      dueAt,
    };
    const owed: NewOutboxMessage[] = [
      { reference: null, channel: staff.id, kind: HAND_OFF_POST, recipient: {}, payload: { ...post } },
      ...(dueAt ? [handOffCheck({ handOffId: record.id, dueAt })] : []),
    ];
    await this.uow.transaction(async () => {
      await this.handOffs.insert(record);
      await this.outbox.enqueue(owed);
    });
    this.outbox.committed();
    return { reference: null, reachesStaff, replyOn, dueAt };
  }

  async find(id: string): Promise<HandOffRecord> {
    const record = await this.handOffs.find(id);
    if (!record) throw new DomainError('not_found', 'hand_off_not_found', 'No such request for a person.');
    return record;
  }

  /** Staff reply to a customer who asked for a person outside any complaint: on the channel they asked from. */
  async reply(id: string, text: string, actor: Actor): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.uow.transaction(async () => {
      const record = await this.handOffs.find(id);
      if (!record) throw new DomainError('not_found', 'hand_off_not_found', 'No such request for a person.');
      if (!record.answeredAt) await this.handOffs.markAnswered(id, now, actorLabel(actor));
      const mirrored: HandOffThreadPayload = {
        handOffId: id,
        direction: 'to_customer',
        text,
        channel: record.replyChannel,
        by: actor.kind === 'staff' ? actor.id : actorLabel(actor),
        at: now,
      };
      const staff = this.channels.staffChannel();
      await this.outbox.enqueue([
        {
          reference: null,
          channel: record.replyChannel,
          kind: 'staff_reply',
          recipient: { address: record.replyAddress },
          // the request it answers, so that staff hear under it if the reply does not arrive
          payload: messagePayload(STAFF_REPLY_KEY, { text, from: this.signatureOf(actor, record.language) }, record.language, { handOffId: id }),
        },
        ...(staff ? [{ reference: null, channel: staff.id, kind: HAND_OFF_THREAD, recipient: {}, payload: { ...mirrored } }] : []),
      ]);
    });
    this.outbox.committed();
  }

  /**
   * A reply to a request outside any complaint failed for good: there is no case history to record it in, so staff
   * are told under the request, where they replied. Runs in the transaction that settles the message.
   */
  async replyFailed(message: SettledMessage): Promise<void> {
    const handOffId = message.payload.handOffId;
    const staff = this.channels.staffChannel();
    if (message.reference !== null || typeof handOffId !== 'string' || !staff) return;
    const to = maskedRecipient(message.recipient);
    const failed: HandOffThreadPayload = {
      handOffId,
      direction: 'not_delivered',
      channel: message.channel,
      ...(to ? { to } : {}),
      error: message.lastError ?? 'unknown',
      at: this.clock.now().toISOString(),
    };
    await this.uow.transaction(() =>
      this.outbox.enqueue([{ reference: null, channel: staff.id, kind: HAND_OFF_THREAD, recipient: {}, payload: { ...failed } }]),
    );
  }

  /** The latest request for a person this conversation made outside a complaint, if staff have it. */
  async latestOf(requesterKey: string): Promise<HandOffRecord | null> {
    return this.handOffs.latestOf(requesterKey);
  }

  /** What the customer wrote after asking for a person, shown to staff under their request. */
  async customerMessage(id: string, text: string): Promise<void> {
    const record = await this.find(id);
    const staff = this.channels.staffChannel();
    if (!staff) return;
    const mirrored: HandOffThreadPayload = {
      handOffId: id,
      direction: 'from_customer',
      text,
      channel: record.replyChannel,
      at: this.clock.now().toISOString(),
    };
    await this.uow.transaction(() =>
      this.outbox.enqueue([{ reference: null, channel: staff.id, kind: HAND_OFF_THREAD, recipient: {}, payload: { ...mirrored } }]),
    );
    this.outbox.committed();
  }

  /** Signed as a reply on a complaint is, so that it does not read as the assistant's. */
  private signatureOf(actor: Actor, language: string): string {
    const settings = { replyName: this.config.STAFF_REPLY_NAME, firstNames: this.config.STAFF_FIRST_NAMES, team: this.conduct.code.organisation.complaintsTeam };
    return signature(settings, actor.kind === 'staff' ? actor.id : undefined, language);
  }

  private dueAfter(now: Date): string | null {
    const promise = this.conduct.code.promises.find((p) => p.indicator === HAND_OFF_PROMISE_INDICATOR);
    return promise ? this.conduct.deadlineAfter(promise.id, now).dueAt : null;
  }
}

/** The check that a request for a person was answered in time, delivered to the hand-off watch when it falls due. */
export function handOffCheck(payload: HandOffCheckPayload): NewOutboxMessage {
  const key = payload.handOffId ?? `${payload.reference}:${payload.requestedAt}`;
  return {
    reference: payload.reference ?? null,
    channel: HAND_OFF_WATCH_CHANNEL,
    kind: HAND_OFF_CHECK,
    recipient: {},
    payload: { ...payload },
    dedupeKey: `hand_off_check:${key}`,
    notBefore: new Date(payload.dueAt),
  };
}

/** Requester keys are `<channel>:<address>`. */
function ownAddress(requester: HandOffRequester): CustomerAddress {
  return { channel: requester.channel, address: requester.key.slice(requester.key.indexOf(':') + 1) };
}
