import { publicPageUrl } from '../../common/http/public-address.js';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { CodeOfConductService } from '../../conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { CLOCK, type Clock } from '../clock.js';
import { ComplaintRepository, type ComplaintOwner } from '../complaint.repository.js';
import { deadlineState } from '../complaint.view.js';
import { ComplaintsService } from '../complaints.service.js';
import { customerAddress } from '../customer-address.js';
import { HandOffs } from '../hand-offs/hand-offs.service.js';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { TYPED_CONTACT_KINDS } from '../../contacts/contact-format.js';
import { NotifierRegistry } from '../../notifications/notifier-registry.js';
import type { Complaint, Contact } from '../domain/complaint.js';
import { parseReference } from '../domain/reference.js';
import type {
  CustomerCaseView,
  CustomerComplaint,
  CustomerChange,
  CustomerChangeResult,
  CustomerDesk,
  FiledComplaint,
  HandOffReceipt,
  LookUpResult,
  OrganisationFacts,
  PendingItem,
  Requester,
} from './customer-desk.js';
import { ComplaintSecretRepository } from './complaint-secret.repository.js';
import { ProofAttemptRepository } from './proof-attempt.repository.js';
import { PROOF_LIMITS, proofMatches, proofThrottle } from './proof-throttle.js';
import { generateSecretCode, hashSecretCode, secretCodeMatches } from './secret-code.js';

const CUSTOMER: { kind: 'customer' } = { kind: 'customer' };
/** For this long after asking for a person, what the customer writes that answers nothing else goes to that person. */
const HAND_OFF_CONVERSATION_MS = 24 * 3_600_000;

@Injectable()
export class CustomerDeskService implements CustomerDesk {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly handOffs: HandOffs,
    private readonly notifiers: NotifierRegistry,
    private readonly channels: ChannelRegistry,
    private readonly conduct: CodeOfConductService,
    private readonly uow: UnitOfWork,
    private readonly records: ComplaintRepository,
    private readonly secrets: ComplaintSecretRepository,
    private readonly proofAttempts: ProofAttemptRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  categories(language: string) {
    const lang = language.slice(0, 2).toLowerCase();
    return this.conduct.code.categories.map(({ id, label, description, translations }) => {
      const translated = translations?.[lang];
      return { id, label: translated?.label ?? label, description: translated?.description ?? description };
    });
  }

  organisation(): OrganisationFacts {
    const { organisation } = this.conduct.code;
    return {
      name: organisation.name,
      updateRoutes: TYPED_CONTACT_KINDS.filter((kind) => {
        const channel = this.channels.serving(kind);
        return channel !== undefined && this.notifiers.get(channel.id) !== undefined;
      }),
      keptDays: { abandonedConversationsDays: this.conduct.retention().abandonedConversationsDays, inboundMessagesDays: this.conduct.retention().inboundMessagesDays },
      contactRoutes: organisation.contactRoutes,
      timeZone: this.conduct.timeZone(),
      country: this.conduct.country(),
      codeOfConductPath: this.config.PUBLIC_URL ? publicPageUrl(this.config.PUBLIC_URL, 'code-of-conduct') : '/code-of-conduct',
    };
  }

  async fileComplaint(input: CustomerComplaint): Promise<FiledComplaint> {
    // slow on purpose, so worked out before anything is written
    const secretCode = generateSecretCode();
    const codeHash = await hashSecretCode(secretCode);
    return this.uow.transaction(async () => {
      const view = await this.file(input);
      await this.secrets.insert({ reference: view.reference, codeHash, createdAt: this.clock.now().toISOString() });
      return { ...view, secretCode };
    });
  }

  private async file(input: CustomerComplaint): Promise<CustomerCaseView> {
    const complaint = await this.complaints.file(
      {
        channel: input.requester.channel,
        originKey: input.requester.key,
        contact: input.contact,
        language: input.language,
        category: input.category,
        description: input.description,
        remedySought: input.remedySought,
        occurredOn: input.occurredOn,
        // Not acknowledged yet: the acknowledgement tells the customer who is dealing with it, which only staff can say.
        acknowledge: false,
        // the number a text came from: the provider delivered it, so it is a real number, whatever the tables say
        contactProven: this.isSenderAddress(input.requester, input.contact),
      },
      CUSTOMER,
    );
    return this.view(complaint);
  }

  async casesOf(requester: Requester): Promise<string[]> {
    return this.records.referencesMadeBy(requester.key, 20);
  }

  async lookUp(rawReference: string, requester: Requester, proof?: string): Promise<LookUpResult> {
    const parsed = parseReference(rawReference);
    const complaint = parsed.ok ? await this.find(parsed.reference) : null;
    if (complaint && this.owns(requester, complaint)) return { outcome: 'found', view: this.view(complaint) };

    const reference = parsed.ok ? parsed.reference : rawReference.slice(0, 9);
    return this.proofAttempts.oneAtATimeOn(reference, () => this.checkProof(reference, complaint, requester, proof));
  }

  /** The throttle's verdict, then the answer checked and counted: one at a time per reference, across instances. */
  private async checkProof(reference: string, complaint: Complaint | null, requester: Requester, proof: string | undefined): Promise<LookUpResult> {
    const now = this.clock.now();
    const verdict = await this.throttle(reference, requester, now);
    if (!verdict.allowed) return { outcome: 'throttled', retryAfterMinutes: verdict.retryAfterMinutes };
    if (proof === undefined) return { outcome: 'needs_proof' };

    const codeHash = complaint ? await this.secrets.codeHashOf(reference) : null;
    // checked for an unknown reference too, so that how long the answer takes tells nothing
    const byCode = await secretCodeMatches(proof, codeHash);
    const byContact = verdict.codeOnlyMinutes === undefined && complaint !== null && proofMatches(complaint.contact, proof);
    const succeeded = byCode || byContact;
    await this.uow.transaction(() => this.proofAttempts.insert({ reference, requesterKey: requester.key, at: now.toISOString(), succeeded }));
    if (succeeded && complaint) return { outcome: 'found', view: this.view(complaint) };
    const left = verdict.attemptsLeft - 1;
    if (left <= 0) return { outcome: 'throttled', retryAfterMinutes: PROOF_LIMITS.perRequester.windowMinutes };
    // this very answer may be the one that leaves only the code good
    const after = await this.throttle(reference, requester, now);
    const codeOnlyMinutes = after.allowed ? after.codeOnlyMinutes : undefined;
    return codeOnlyMinutes === undefined ? { outcome: 'no_match', attemptsLeft: left } : { outcome: 'no_match', attemptsLeft: left, codeOnlyMinutes };
  }

  async requestHandOff(requester: Requester, reference: string | undefined, language: string): Promise<HandOffReceipt> {
    const target = reference ?? (await this.casesOf(requester))[0] ?? null;
    return this.handOffs.request(requester, target, language);
  }

  async passToPerson(requester: Requester, text: string, reference?: string): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - HAND_OFF_CONVERSATION_MS).toISOString();
    const request = await this.handOffs.latestOf(requester.key);
    const about = reference ?? (await this.casesOf(requester))[0];
    const onCase = about ? (await this.complaints.history(about)).events.findLast((e) => e.type === 'handoff.requested') : undefined;
    // whichever request is the later one is the conversation the customer is in
    if (onCase && onCase.at >= since && (!request || onCase.at >= request.requestedAt)) {
      await this.complaints.recordCustomerMessage(about, text, requester.channel);
      return true;
    }
    if (request && request.requestedAt >= since) {
      await this.handOffs.customerMessage(request.id, text);
      return true;
    }
    return false;
  }

  async pendingFor(requester: Requester): Promise<PendingItem | null> {
    const complaint = await this.records.awaitingOwner(this.owner(requester));
    if (!complaint) return null;
    if (complaint.status === 'awaiting_customer') {
      return { kind: 'question', reference: complaint.reference, question: complaint.openQuestion ?? '' };
    }
    const proposal = complaint.proposedResponse;
    return { kind: 'proposal', reference: complaint.reference, outcome: proposal.outcome, explanation: proposal.explanation };
  }

  async answerQuestion(requester: Requester, reference: string, text: string): Promise<CustomerCaseView> {
    await this.ownedCase(requester, reference);
    return this.view(await this.complaints.act(reference, { type: 'receive_information', message: text }, CUSTOMER));
  }

  async respondToProposal(requester: Requester, reference: string, accept: boolean, reason?: string): Promise<CustomerCaseView> {
    await this.ownedCase(requester, reference);
    const command = accept ? ({ type: 'accept_response' } as const) : ({ type: 'reject_response', reason } as const);
    return this.view(await this.complaints.act(reference, command, CUSTOMER));
  }

  async changeMyComplaint(requester: Requester, reference: string, change: CustomerChange): Promise<CustomerChangeResult> {
    const current = await this.ownedCase(requester, reference);
    const command = change.kind === 'withdraw' ? ({ type: 'withdraw', reason: change.reason } as const) : ({ type: 'reopen', reason: change.reason } as const);
    try {
      const complaint = await this.complaints.act(reference, command, CUSTOMER);
      const view = this.view(complaint);
      return { outcome: 'done', view, reopenUntil: view.reopenUntil };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'complaint_reopen_window_passed') return { outcome: 'too_late' };
      if (error.code === 'complaint_invalid_transition') return { outcome: 'not_now', status: current.status };
      throw error;
    }
  }

  async addMessage(requester: Requester, reference: string, text: string): Promise<void> {
    await this.ownedCase(requester, reference);
    await this.complaints.recordCustomerMessage(reference, text, requester.channel);
  }

  private async ownedCase(requester: Requester, reference: string): Promise<Complaint> {
    const complaint = await this.find(reference);
    if (!complaint || !this.owns(requester, complaint)) {
      throw new DomainError('forbidden', 'complaint_not_yours', 'This conversation cannot act on that complaint.');
    }
    return complaint;
  }

  /** The address the message came from, which the channel's provider vouches for (the number a text came from). */
  private isSenderAddress(requester: Requester, contact: Contact): boolean {
    const channel = this.channels.profile(requester.channel);
    return channel !== undefined && channel.capabilities.verifiesSender && contact.kind === channel.contactKinds[0] && requester.key === `${channel.id}:${contact.value}`;
  }

  /** What a conversation's own id is on its channel: a phone number over SMS, a conversation over web chat. */
  private conversationContactKind(channelId: string): string {
    return this.channels.profile(channelId)?.contactKinds[0] ?? channelId;
  }

  private owns(requester: Requester, complaint: Complaint): boolean {
    if (complaint.originKey === requester.key) return true;
    // A customer who chose to be updated on another channel may follow the case from there.
    const { channel, address } = customerAddress(complaint, this.channels);
    return `${channel}:${address}` === requester.key;
  }

  /**
   * The same rule as `owns`, as database values: a complaint is the requester's when their conversation made it, or
   * when it names their address as the contact.
   */
  private owner(requester: Requester): ComplaintOwner {
    const [channel, ...rest] = requester.key.split(':');
    const address = rest.join(':');
    return { originKey: requester.key, contactKind: this.conversationContactKind(channel), contactValue: address };
  }

  private async find(reference: string): Promise<Complaint | null> {
    try {
      return await this.complaints.get(reference);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'complaint_not_found') return null;
      throw error;
    }
  }

  private async throttle(reference: string, requester: Requester, now: Date) {
    const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const [byRequester, onReference] = await this.proofAttempts.recent({
      requesterKey: requester.key,
      byRequesterAfter: since(PROOF_LIMITS.perRequester.windowMinutes),
      reference,
      onReferenceAfter: since(PROOF_LIMITS.perReference.windowMinutes),
    });
    return proofThrottle(byRequester, onReference, now);
  }

  private view(complaint: Complaint): CustomerCaseView {
    const now = this.clock.now();
    const deadlines = complaint.deadlines.map((d) => ({
      indicator: d.indicator,
      promise: this.conduct.code.promises.find((p) => p.id === d.promiseId)?.text ?? '',
      dueAt: d.dueAt,
      state: deadlineState(d, complaint, now),
    }));
    const running = deadlines.filter((d) => d.state === 'running' || d.state === 'paused' || d.state === 'overdue');
    return {
      reference: complaint.reference,
      status: complaint.status,
      category: complaint.category,
      receivedAt: complaint.receivedAt,
      deadlines,
      nextDeadline: running.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null,
      question: complaint.openQuestion,
      proposedResponse: complaint.proposedResponse
        ? { outcome: complaint.proposedResponse.outcome, explanation: complaint.proposedResponse.explanation }
        : null,
      reopenUntil: this.reopenUntil(complaint),
    };
  }

  private reopenUntil(complaint: Complaint): string | null {
    const endedAt = complaint.closedAt ?? complaint.withdrawnAt;
    const days = this.conduct.reopenWindowDays();
    return endedAt && days > 0 ? new Date(Date.parse(endedAt) + days * 86_400_000).toISOString() : null;
  }
}
