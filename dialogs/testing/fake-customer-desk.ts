import { DomainError } from '../../src/common/domain-error.js';
import type { Clock } from '../../src/complaints/clock.js';
import type {
  CustomerCaseView,
  CustomerComplaint,
  CustomerDesk,
  LookUpResult,
  OrganisationFacts,
  Requester,
} from '../../src/complaints/customer-desk/customer-desk.js';
import { proofMatches } from '../../src/complaints/customer-desk/proof-throttle.js';
import type { ComplaintStatus, Contact } from '../../src/complaints/domain/complaint.js';
import { generateReference, parseReference } from '../../src/complaints/domain/reference.js';
import { parseContact } from '../../src/contacts/contact-format.js';

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
}

/** A desk in memory that behaves like the real one: it validates, keeps cases, asks strangers for proof, throttles. */
export class FakeCustomerDesk implements CustomerDesk {
  readonly filed: CustomerComplaint[] = [];
  readonly handOffs: { requester: Requester; asked: string | undefined; reference: string | null }[] = [];
  readonly lookUps: { reference: string; requester: Requester; proof?: string }[] = [];
  /** The next filing is refused with this, as the core refuses an answer it cannot use. */
  refuseNext: DomainError | undefined;
  private readonly cases = new Map<string, StoredCase>();
  private readonly failures = new Map<string, number>();
  private seed = 12345;

  constructor(private readonly clock: Clock) {}

  categories(language: string) {
    return CATEGORIES.map((c) => ({ id: c.id, label: language === 'es' ? c.es : c.en }));
  }

  organisation(): OrganisationFacts {
    return {
      name: 'Example Ltd',
      contactRoutes: [
        { kind: 'phone', label: 'Complaints line', value: '+44 20 7946 0000' },
        { kind: 'email', label: 'Email', value: 'complaints@example.com' },
      ],
      timeZone: 'Europe/London',
      codeOfConductPath: '/code-of-conduct',
    };
  }

  async fileComplaint(input: CustomerComplaint): Promise<CustomerCaseView> {
    const refusal = this.refuseNext;
    this.refuseNext = undefined;
    if (refusal) throw refusal;
    const contact = parseContact(input.contact.kind, input.contact.value);
    if (!contact.ok) {
      throw new DomainError('invalid', 'validation_failed', 'Invalid contact.value.', {
        fields: [{ field: 'contact.value', message: contact.message }],
      });
    }
    this.filed.push(input);
    return this.add({ originKey: input.requester.key, contact: contact.contact, category: input.category, status: 'acknowledged' });
  }

  /** Puts a case on file as if it had been made earlier, in the conversation `originKey`. */
  add(input: {
    originKey: string;
    contact: Contact;
    category?: string;
    status?: ComplaintStatus;
    question?: string;
    outcome?: string;
  }): CustomerCaseView {
    const reference = generateReference((max) => {
      // A fixed-seed generator, so each test run files the same references; the low bits of an LCG barely vary.
      this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(this.seed / 2 ** 16) % max;
    });
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
      proposedResponse: input.outcome ? { outcome: input.outcome, explanation: 'Because.' } : null,
    };
    this.cases.set(reference, { originKey: input.originKey, contact: input.contact, view });
    return view;
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
    if (found && proofMatches(found.contact, proof)) return { outcome: 'found', view: found.view };
    this.failures.set(requester.key, failed + 1);
    const left = FAKE_PROOF_FAILURES - failed - 1;
    if (left <= 0) return { outcome: 'throttled', retryAfterMinutes: FAKE_LOCK_MINUTES };
    return { outcome: 'no_match', attemptsLeft: left };
  }

  /** As the real desk: the conversation that made it, or a text from the number given for updates. */
  private owns(requester: Requester, stored: StoredCase): boolean {
    if (stored.originKey === requester.key) return true;
    return stored.contact.kind === 'phone' && requester.key === `sms:${stored.contact.value}`;
  }

  async requestHandOff(requester: Requester, asked?: string): Promise<{ reference: string | null }> {
    const reference = asked ?? (await this.casesOf(requester))[0] ?? null;
    this.handOffs.push({ requester, asked, reference });
    return { reference };
  }
}
