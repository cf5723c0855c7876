import { Inject, Injectable } from '@nestjs/common';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { CUSTOMER_DESK, type CustomerDesk, type Requester } from '../complaints/customer-desk/customer-desk.js';
import type { Complaint } from '../complaints/domain/complaint.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { DomainError } from '../common/domain-error.js';
import type { DisputeAnswer, DisputeChoiceView, DisputeDesk } from './dispute-desk.js';
import { DISPUTE_WORDING_VERSION, lastDayInWords, optionName } from './dispute-words.js';
import type { DisputeCommand } from './domain/dispute.commands.js';
import { INTERNAL_REVIEW, type Dispute } from './domain/dispute.js';
import { DisputesService } from './disputes.service.js';
import { DisputeRepository } from './dispute.repository.js';
import { ChannelRegistry } from '../channels/channel-registry.js';

const CUSTOMER: Actor = { kind: 'customer' };

/** A complaint has had our last word when the customer rejected it, it is unresolved, or closed without acceptance. */
function hadOurLastWord(complaint: Complaint): boolean {
  if (complaint.status === 'unresolved') return true;
  return complaint.status === 'closed' && complaint.closure?.acceptedByCustomer === false;
}

@Injectable()
export class DisputeDeskService implements DisputeDesk {
  constructor(
    private readonly disputes: DisputesService,
    private readonly complaints: ComplaintsService,
    @Inject(CUSTOMER_DESK) private readonly desk: CustomerDesk,
    private readonly repository: DisputeRepository,
    private readonly channels: ChannelRegistry,
  ) {}

  async optionsFor(requester: Requester, reference: string | undefined, language: string): Promise<DisputeChoiceView | null> {
    const candidates = reference ? ((await this.owns(requester, reference)) ? [reference] : []) : await this.casesOf(requester);
    let ended: Dispute | undefined;
    for (const candidate of candidates) {
      const existing = await this.disputes.find(candidate);
      if (existing?.status === 'closed') {
        // an ended dispute is worth telling only when nothing else is open to the customer
        ended ??= existing;
        continue;
      }
      if (existing) return this.view(await this.disputes.offer(candidate, 'customer_asked', CUSTOMER), language);
      const complaint = await this.complaints.get(candidate);
      if (complaint.erasedAt === null && hadOurLastWord(complaint)) {
        return this.view(await this.disputes.offer(candidate, 'customer_asked', CUSTOMER), language);
      }
    }
    if (ended) return this.view(ended, language);
    return null;
  }

  async answer(requester: Requester, reference: string, answer: DisputeAnswer, language: string): Promise<DisputeChoiceView> {
    if (!(await this.owns(requester, reference))) throw new DomainError('not_found', 'dispute_not_found', `No dispute on ${reference} here.`);
    const command: DisputeCommand =
      answer.kind === 'consent'
        ? { type: 'consent', providerId: answer.providerId, shareCaseFile: answer.shareCaseFile, wordingVersion: DISPUTE_WORDING_VERSION }
        : answer.kind === 'decline'
          ? { type: 'decline', wordingVersion: DISPUTE_WORDING_VERSION }
          : answer.kind === 'defer'
            ? { type: 'defer', reminders: answer.reminders, wordingVersion: DISPUTE_WORDING_VERSION }
            : { type: 'withdraw_consent' };
    return this.view(await this.disputes.act(reference, command, CUSTOMER), language);
  }

  /** Complaints with a dispute going that this customer can speak for, then the complaints their conversation made. */
  private async casesOf(requester: Requester): Promise<string[]> {
    const [channel, ...rest] = requester.key.split(':');
    const contactKind = this.channels.profile(channel)?.contactKinds[0] ?? channel;
    const withDispute = await this.repository.openFor({ originKey: requester.key, contactKind, contactValue: rest.join(':') });
    return [...new Set([...withDispute, ...(await this.desk.casesOf(requester))])];
  }

  private async owns(requester: Requester, reference: string): Promise<boolean> {
    if ((await this.casesOf(requester)).includes(reference)) return true;
    return (await this.desk.lookUp(reference, requester)).outcome === 'found';
  }

  private view(dispute: Dispute, language: string): DisputeChoiceView {
    const settings = this.disputes.wordSettings();
    const options = this.disputes.options(language).filter((option) => dispute.options.includes(option.id));
    return {
      reference: dispute.reference,
      status: dispute.status,
      explanation: this.disputes.explain(dispute, language),
      options: options.map((option) => ({ id: option.id, name: optionName(option.id, language, settings) })),
      chosen: dispute.providerId ? optionName(dispute.providerId, language, settings) : null,
      lastDay: dispute.referralDeadline ? lastDayInWords(dispute.referralDeadline, language, settings) : null,
      internalReview: dispute.options.includes(INTERNAL_REVIEW),
    };
  }
}
