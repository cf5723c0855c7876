import type { ChannelProfile } from '../../channels/channel-declaration.js';
import type { TYPED_CONTACT_KINDS } from '../../contacts/contact-format.js';
import type { CustomerAddress } from '../customer-address.js';
import type { ContactRoute } from '../../conduct/code-of-conduct.schema.js';
import type { Channel, ComplaintStatus, Contact } from '../domain/complaint.js';

/**
 * What the customer dialogs may ask of the core, on any channel. Customers never see a case they have not shown
 * to be theirs, and never see staff notes or anyone else's contact details.
 */
export interface CustomerDesk {
  /** The organisation's complaint categories, labelled in `language` where the code of conduct translates them. */
  categories(language: string): { id: string; label: string; description?: string }[];
  organisation(): OrganisationFacts;
  /**
   * Records a complaint, to be acknowledged by staff, who can say who is dealing with it; the conversation that made
   * it may follow it, and anyone with its reference and the secret code returned with it (kept only as a hash) from
   * any other.
   */
  fileComplaint(input: CustomerComplaint): Promise<FiledComplaint>;
  /** References of complaints made in this conversation, newest first. */
  casesOf(requester: Requester): Promise<string[]>;
  /**
   * Looks a case up for someone in a conversation. Without proof, a case made elsewhere answers `needs_proof`,
   * exactly as an unknown reference does, so guessing reveals nothing. Proof is the case's secret code, or the
   * phone number's last four digits or the email address the customer gave.
   */
  lookUp(reference: string, requester: Requester, proof?: string): Promise<LookUpResult>;
  /**
   * The customer wants a person: about `reference`, else the latest complaint this conversation made, else about
   * nothing in particular. Staff are alerted; the receipt says about which case, where and by when they will reply.
   */
  requestHandOff(requester: Requester, reference: string | undefined, language: string): Promise<HandOffReceipt>;
  /**
   * A message that answers nothing we asked, from a conversation that asked for a person recently: it goes to that
   * person (under the request in Slack, or into the history of `reference`, else of this conversation's latest
   * complaint). False when there is no such request.
   */
  passToPerson(requester: Requester, text: string, reference?: string): Promise<boolean>;
  /**
   * The case of this customer that waits for them right now, if any: a question staff asked, or a response to
   * accept or reject. A message that arrives outside a dialog is most likely about it.
   */
  pendingFor(requester: Requester): Promise<PendingItem | null>;
  /** The customer's answer to the question staff asked; the case's clock starts again. */
  answerQuestion(requester: Requester, reference: string, text: string): Promise<CustomerCaseView>;
  /** The customer accepts or rejects the response proposed to them. */
  respondToProposal(requester: Requester, reference: string, accept: boolean, reason?: string): Promise<CustomerCaseView>;
  /**
   * The customer withdraws their complaint, or asks for it to be reopened (within the code of conduct's window),
   * through the same workflow as staff: the card in Slack follows. Refusals are values the dialog can word.
   */
  changeMyComplaint(requester: Requester, reference: string, change: CustomerChange): Promise<CustomerChangeResult>;
  /** Anything else the customer says about their case, kept in its history for staff. */
  addMessage(requester: Requester, reference: string, text: string): Promise<void>;
}

/** What the customer can be told about their request for a person. */
export interface HandOffReceipt {
  /** The complaint a person will contact them about, if the request was about one. */
  reference: string | null;
  /** False when no staff channel is set up, so nobody would see the request: the customer is given other routes. */
  reachesStaff: boolean;
  /** Where the reply will come: a channel and its address (conversation id, phone number, email address). */
  replyOn: CustomerAddress;
  /** When the code of conduct promises a reply by; null when it promises none. */
  dueAt: string | null;
}

export type CustomerChange = { kind: 'withdraw'; reason?: string } | { kind: 'reopen'; reason: string };

export type CustomerChangeResult =
  | { outcome: 'done'; view: CustomerCaseView; reopenUntil: string | null }
  /** The complaint is not at a stage where this can be done: still open (reopen) or already ended (withdraw). */
  | { outcome: 'not_now'; status: ComplaintStatus }
  | { outcome: 'too_late' };

export type PendingItem =
  | { kind: 'question'; reference: string; question: string }
  | { kind: 'proposal'; reference: string; outcome: string; explanation: string };

export const CUSTOMER_DESK = Symbol('CUSTOMER_DESK');

/** Who is asking: `webchat:<conversation id>` or `sms:<E.164>`, and on which channel. */
export interface Requester {
  key: string;
  channel: Channel;
}

export interface CustomerComplaint {
  requester: Requester;
  /** How the customer agreed to be kept updated; `value` as typed, checked and normalised here. */
  contact: Contact;
  language: string;
  category: string;
  description: string;
  remedySought?: string;
  occurredOn?: string;
}

export interface OrganisationFacts {
  name: string;
  /**
   * Where else than the conversation itself updates can go: a phone number, an email address; only the kinds a
   * channel set up to deliver serves, so that no customer chooses a route that would fail every update.
   */
  updateRoutes: (typeof TYPED_CONTACT_KINDS)[number][];
  /** How many days what a customer wrote outside a complaint is kept, by the limit a channel falls under (ChannelProfile). */
  keptDays: Record<ChannelProfile['keptUnder'], number>;
  contactRoutes: ContactRoute[];
  /** The time zone dates are told to customers in (the code of conduct's first clock). */
  timeZone: string;
  /** Where the organisation is (ISO 3166 alpha-2), for phone numbers typed without a country code. */
  country?: string;
  /** Where the code of conduct is published: a full address when PUBLIC_URL is set (an SMS needs one). */
  codeOfConductPath: string;
}

export interface CustomerDeadline {
  indicator: string;
  /** The organisation's own words for the promise. */
  promise: string;
  dueAt: string;
  state: 'running' | 'paused' | 'overdue' | 'met' | 'missed';
}

export interface CustomerCaseView {
  reference: string;
  status: ComplaintStatus;
  category: string;
  receivedAt: string;
  deadlines: CustomerDeadline[];
  /** The earliest promise still running, if any. */
  nextDeadline: CustomerDeadline | null;
  /** While waiting for the customer: what staff asked. */
  question: string | null;
  proposedResponse: { outcome: string; explanation: string } | null;
  /** Once closed or withdrawn: until when the customer may have it reopened (null when the code allows no reopening). */
  reopenUntil: string | null;
}

/** A complaint just made, with the secret code that proves it is the customer's from any conversation. */
export interface FiledComplaint extends CustomerCaseView {
  secretCode: string;
}

/**
 * `codeOnlyMinutes` on a mismatch: the reference has had so many wrong answers from anyone that for that long only
 * its secret code will do.
 */
export type LookUpResult =
  | { outcome: 'found'; view: CustomerCaseView }
  | { outcome: 'needs_proof' }
  | { outcome: 'no_match'; attemptsLeft: number; codeOnlyMinutes?: number }
  | { outcome: 'throttled'; retryAfterMinutes: number };
