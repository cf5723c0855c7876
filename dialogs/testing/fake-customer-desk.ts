import { DomainError } from '../../src/common/domain-error.js';
import type { Clock } from '../../src/complaints/clock.js';
import type {
  CustomerCaseView,
  CustomerChange,
  CustomerChangeResult,
  CustomerComplaint,
  CustomerDesk,
  FiledComplaint,
  HandOffReceipt,
  LookUpResult,
  OrganisationFacts,
  PendingItem,
  Requester,
} from '../../src/complaints/customer-desk/customer-desk.js';
import { TEST_CHANNELS } from './channels.js';
import { TEST_ROUTING } from '../../src/channels/routing.fixtures.js';
import { customerAddress } from '../../src/complaints/customer-address.js';
import { proofMatches } from '../../src/complaints/customer-desk/proof-throttle.js';
import type { ComplaintStatus, Contact } from '../../src/complaints/domain/complaint.js';
import { generateReference, parseReference } from '../../src/complaints/domain/reference.js';
import { generateSecretCode } from '../../src/complaints/customer-desk/secret-code.js';
import { parseContact, provenContact } from '../../src/contacts/contact-format.js';

const CATEGORIES = [
  { id: 'delivery', en: 'Delivery', es: 'Entrega' },
  { id: 'billing', en: 'Billing', es: 'Facturación' },
  { id: 'service', en: 'Service', es: 'Atención' },
  { id: 'other', en: 'Something else', es: 'Otra cosa' },
];

const DAY = 86_400_000;
/** As the real desk: three wrong proofs from one conversation lock it for a quarter of an hour. */
export const FAKE_PROOF_FAILURES = 3;
export const FAKE_LOCK_MINUTES = 15;

interface StoredCase {
  originKey: string;
  contact: Contact;
  view: CustomerCaseView;
  /** Order of the last change, as the real desk orders by `updatedAt`. */
  changed: number;
}

/** What the customer sent about a case, as the desk received it. */
export interface CustomerWords {
  requester: Requester;
  reference: string;
  text: string;
}

/** A desk in memory that behaves like the real one: it validates, keeps cases, asks strangers for proof, throttles. */
export class FakeCustomerDesk implements CustomerDesk {
  readonly filed: CustomerComplaint[] = [];
  readonly handOffs: { requester: Requester; asked: string | undefined; reference: string | null }[] = [];
  readonly lookUps: { reference: string; requester: Requester; proof?: string }[] = [];
  readonly answers: CustomerWords[] = [];
  readonly responses: { requester: Requester; reference: string; accept: boolean; reason?: string }[] = [];
  readonly messages: CustomerWords[] = [];
  /** Withdrawals and reopenings the customer asked for, as the desk took them. */
  readonly changesMade: ({ reference: string } & CustomerChange)[] = [];
  /** What was passed to a person after a request for one (`reference` empty when it was about no complaint). */
  readonly passedOn: CustomerWords[] = [];
  /** The contact kinds updates can go to beside the conversation itself (the real desk: served by a set-up channel). */
  updateRoutes: OrganisationFacts['updateRoutes'] = ['phone', 'email'];
  /** Whether staff would see a request for a person (the real desk: whether Slack is set up). */
  staffReachable = true;
  /** References so many askers got wrong that only their secret code will do, for so many minutes. */
  readonly codeOnly = new Map<string, number>();
  /** The next filing is refused with this, as the core refuses an answer it cannot use. */
  refuseNext: DomainError | undefined;
  private readonly cases = new Map<string, StoredCase>();
  private readonly failures = new Map<string, number>();
  private readonly codes = new Map<string, string>();
  private seed = 12345;
  private changes = 0;

  constructor(private readonly clock: Clock) {}

  categories(language: string) {
    return CATEGORIES.map((c) => ({ id: c.id, label: language === 'es' ? c.es : c.en }));
  }

  organisation(): OrganisationFacts {
    return {
      name: 'Example Ltd',
      updateRoutes: this.updateRoutes,
      keptDays: { abandonedConversationsDays: 30, inboundMessagesDays: 90 },
      contactRoutes: [
        { kind: 'phone', label: 'Complaints line', value: '+44 20 7946 0000' },
        { kind: 'email', label: 'Email', value: 'complaints@example.com' },
      ],
      timeZone: 'Europe/London',
      country: 'GB',
      codeOfConductPath: '/code-of-conduct',
    };
  }

  async fileComplaint(input: CustomerComplaint): Promise<FiledComplaint> {
    const refusal = this.refuseNext;
    this.refuseNext = undefined;
    if (refusal) throw refusal;
    const own = TEST_CHANNELS.profile(input.requester.channel);
    const proven = own !== undefined && own.capabilities.verifiesSender && input.requester.key === `${own.id}:${input.contact.value}`;
    const contact = proven ? provenContact(input.contact) : parseContact(input.contact.kind, input.contact.value);
    if (!contact.ok) {
      throw new DomainError('invalid', 'validation_failed', 'Invalid contact.value.', {
        fields: [{ field: 'contact.value', message: contact.message }],
      });
    }
    this.filed.push(input);
    const view = this.add({ originKey: input.requester.key, contact: contact.contact, category: input.category, status: 'received' });
    const secretCode = generateSecretCode(() => this.nextRandom(32));
    this.codes.set(view.reference, secretCode);
    return { ...view, secretCode };
  }

  /** The secret code given with a case filed here, as the customer was told it. */
  codeOf(reference: string): string | undefined {
    return this.codes.get(reference);
  }

  /** A fixed-seed generator, so each test run files the same references; the low bits of an LCG barely vary. */
  private nextRandom(max: number): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(this.seed / 2 ** 16) % max;
  }

  /** Puts a case on file as if it had been made earlier, in the conversation `originKey`. */
  add(input: {
    originKey: string;
    contact: Contact;
    category?: string;
    status?: ComplaintStatus;
    question?: string;
    outcome?: string;
    explanation?: string;
  }): CustomerCaseView {
    const reference = generateReference((max) => this.nextRandom(max));
    const now = this.clock.now().getTime();
    const at = (days: number) => new Date(now + days * DAY).toISOString();
    const deadlines = [
      { indicator: 'time_to_acknowledge', promise: 'We will tell you we have it.', dueAt: at(1), state: 'met' as const },
      { indicator: 'status_update_interval', promise: 'We will tell you how it is going.', dueAt: at(14), state: 'running' as const },
      { indicator: 'time_to_final_response', promise: 'We will answer in full.', dueAt: at(28), state: 'running' as const },
    ];
    const view: CustomerCaseView = {
      reference,
      status: input.status ?? 'acknowledged',
      category: input.category ?? 'delivery',
      receivedAt: new Date(now).toISOString(),
      deadlines,
      nextDeadline: deadlines[1],
      question: input.question ?? null,
      proposedResponse: input.outcome ? { outcome: input.outcome, explanation: input.explanation ?? 'Because.' } : null,
      reopenUntil: null,
    };
    this.cases.set(reference, { originKey: input.originKey, contact: input.contact, view, changed: ++this.changes });
    return view;
  }

  /** Staff ask the customer something, as from Slack: the case waits for the customer. */
  ask(reference: string, question: string): void {
    this.change(reference, { status: 'awaiting_customer', question });
  }

  /** Staff propose a response for the customer to accept or reject. */
  propose(reference: string, outcome: string, explanation: string): void {
    this.change(reference, { status: 'response_proposed', proposedResponse: { outcome, explanation } });
  }

  /** Staff move the case on by other means (withdrawn, closed): whatever the customer was asked is moot. */
  move(reference: string, status: ComplaintStatus): void {
    this.change(reference, { status });
  }

  private change(reference: string, changes: Partial<CustomerCaseView>): CustomerCaseView {
    const stored = this.cases.get(reference);
    if (!stored) throw new DomainError('not_found', 'complaint_not_found', `No complaint has the reference ${reference}.`);
    stored.view = { ...stored.view, ...changes };
    stored.changed = ++this.changes;
    return stored.view;
  }

  async casesOf(requester: Requester): Promise<string[]> {
    return [...this.cases.entries()]
      .filter(([, c]) => c.originKey === requester.key)
      .map(([reference]) => reference)
      .reverse();
  }

  async lookUp(reference: string, requester: Requester, proof?: string): Promise<LookUpResult> {
    this.lookUps.push(proof === undefined ? { reference, requester } : { reference, requester, proof });
    const parsed = parseReference(reference);
    const found = parsed.ok ? this.cases.get(parsed.reference) : undefined;
    if (found && this.owns(requester, found)) return { outcome: 'found', view: found.view };
    const failed = this.failures.get(requester.key) ?? 0;
    if (failed >= FAKE_PROOF_FAILURES) return { outcome: 'throttled', retryAfterMinutes: FAKE_LOCK_MINUTES };
    if (proof === undefined) return { outcome: 'needs_proof' };
    const code = parsed.ok ? this.codes.get(parsed.reference) : undefined;
    const byCode = code !== undefined && proof.toUpperCase().replace(/[\s-]/g, '') === code.replace('-', '');
    const codeOnlyMinutes = parsed.ok ? this.codeOnly.get(parsed.reference) : undefined;
    const byContact = codeOnlyMinutes === undefined && found !== undefined && proofMatches(found.contact, proof);
    if (found && (byCode || byContact)) return { outcome: 'found', view: found.view };
    this.failures.set(requester.key, failed + 1);
    const left = FAKE_PROOF_FAILURES - failed - 1;
    if (left <= 0) return { outcome: 'throttled', retryAfterMinutes: FAKE_LOCK_MINUTES };
    return codeOnlyMinutes === undefined ? { outcome: 'no_match', attemptsLeft: left } : { outcome: 'no_match', attemptsLeft: left, codeOnlyMinutes };
  }

  /** As the real desk: the conversation that made it, or the channel and address the customer gave for updates. */
  private owns(requester: Requester, stored: StoredCase): boolean {
    if (stored.originKey === requester.key) return true;
    const { channel, address } = customerAddress(stored, TEST_ROUTING);
    return requester.key === `${channel}:${address}`;
  }

  /** As the real desk: a case this customer may act on, else a refusal that reveals nothing. */
  private owned(requester: Requester, reference: string): StoredCase {
    const stored = this.cases.get(reference);
    if (!stored || !this.owns(requester, stored)) {
      throw new DomainError('forbidden', 'complaint_not_yours', 'This conversation cannot act on that complaint.');
    }
    return stored;
  }

  /** As the state machine: a command from a status it does not leave is refused. */
  private mustBe(stored: StoredCase, status: ComplaintStatus, command: string): void {
    if (stored.view.status !== status) {
      throw new DomainError('conflict', 'complaint_invalid_transition', `A complaint that is ${stored.view.status} cannot ${command}.`);
    }
  }

  async requestHandOff(requester: Requester, asked: string | undefined): Promise<HandOffReceipt> {
    const reference = asked ?? (await this.casesOf(requester))[0] ?? null;
    this.handOffs.push({ requester, asked, reference });
    const stored = reference ? this.cases.get(reference) : undefined;
    const own = { channel: requester.channel, address: requester.key.replace(/^[a-z]+:/, '') };
    // a working hour after it was asked, as the default code of conduct promises during opening hours
    const dueAt = this.staffReachable ? new Date(this.clock.now().getTime() + 3_600_000).toISOString() : null;
    return { reference, reachesStaff: this.staffReachable, replyOn: stored ? customerAddress(stored, TEST_ROUTING) : own, dueAt };
  }

  async passToPerson(requester: Requester, text: string, _reference?: string): Promise<boolean> {
    const asked = this.handOffs.filter((h) => h.requester.key === requester.key);
    if (asked.length === 0) return false;
    this.passedOn.push({ requester, reference: asked.at(-1)?.reference ?? '', text });
    return true;
  }

  async pendingFor(requester: Requester): Promise<PendingItem | null> {
    const waiting = [...this.cases.values()]
      .filter((c) => this.owns(requester, c) && (c.view.status === 'awaiting_customer' || c.view.status === 'response_proposed'))
      .sort((a, b) => b.changed - a.changed);
    const newest = waiting[0]?.view;
    if (!newest) return null;
    if (newest.status === 'awaiting_customer') return { kind: 'question', reference: newest.reference, question: newest.question ?? '' };
    const proposal = newest.proposedResponse ?? { outcome: '', explanation: '' };
    return { kind: 'proposal', reference: newest.reference, ...proposal };
  }

  async answerQuestion(requester: Requester, reference: string, text: string): Promise<CustomerCaseView> {
    const stored = this.owned(requester, reference);
    this.mustBe(stored, 'awaiting_customer', 'receive_information');
    this.answers.push({ requester, reference, text });
    return this.change(reference, { status: 'investigating', question: null });
  }

  async respondToProposal(requester: Requester, reference: string, accept: boolean, reason?: string): Promise<CustomerCaseView> {
    const stored = this.owned(requester, reference);
    this.mustBe(stored, 'response_proposed', accept ? 'accept_response' : 'reject_response');
    this.responses.push(reason === undefined ? { requester, reference, accept } : { requester, reference, accept, reason });
    return this.change(reference, { status: accept ? 'resolved' : 'unresolved' });
  }

  async changeMyComplaint(requester: Requester, reference: string, change: CustomerChange): Promise<CustomerChangeResult> {
    const stored = this.owned(requester, reference);
    const { status } = stored.view;
    const ended = status === 'resolved' || status === 'closed' || status === 'withdrawn';
    if (change.kind === 'withdraw' ? ended : status !== 'closed' && status !== 'withdrawn') return { outcome: 'not_now', status };
    const reopenUntil = change.kind === 'withdraw' ? new Date(this.clock.now().getTime() + 30 * DAY).toISOString() : null;
    stored.view = { ...stored.view, status: change.kind === 'withdraw' ? 'withdrawn' : 'investigating', reopenUntil };
    stored.changed = ++this.changes;
    this.changesMade.push({ reference, ...change });
    return { outcome: 'done', view: stored.view, reopenUntil };
  }

  async addMessage(requester: Requester, reference: string, text: string): Promise<void> {
    this.owned(requester, reference);
    this.messages.push({ requester, reference, text });
  }

  /** Where a case stands now, for tests to check what the customer's answers did to it. */
  statusOf(reference: string): ComplaintStatus | undefined {
    return this.cases.get(reference)?.view.status;
  }
}
