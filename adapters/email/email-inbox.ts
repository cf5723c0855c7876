import { Inject, Injectable, Logger } from '@nestjs/common';
import { detectLanguage } from '../../dialogs/language-detection.js';
import type { Language, MessageKey } from '../../dialogs/messages/messages.js';
import { normalise, readAcceptance } from '../../dialogs/words.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { CUSTOMER_DESK, type CustomerDesk, type Requester } from '../../src/complaints/customer-desk/customer-desk.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { DESCRIPTION_MAX } from '../../src/complaints/domain/description.js';
import { DomainError } from '../../src/common/domain-error.js';
import { maskEmail } from '../../src/contacts/contact-format.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { InboundPipeline, type InboundMessage, type InboundTurn } from '../../src/inbound/inbound-pipeline.js';
import { OutboxMessageRepository } from '../../src/notifications/outbox-message.repository.js';
import { OutboxSettlement } from '../../src/notifications/outbox-settlement.js';
import { Outbox } from '../../src/notifications/outbox.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { answerPayload, type AnswerLine } from './email-answers.js';
import { outboxIdOf, referenceInAddresses, referenceInSubject } from './email-addresses.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email-settings.js';
import { EmailIntakeRepository } from './email-intake.repository.js';
import { EMAIL_CHANNEL } from './email.notifier.js';

export const INBOUND_EMAIL_KINDS = ['message', 'bounce', 'automatic', 'anonymous', 'too_large'] as const;
export type InboundEmailKind = (typeof INBOUND_EMAIL_KINDS)[number];

/** What became of an email: the inbound pipeline's outcome for it. */
export type InboundEmailOutcome =
  | 'asked_category'
  | 'added_to_story'
  | 'filed'
  | 'answered_question'
  | 'responded_to_proposal'
  | 'added_to_case'
  | 'not_theirs'
  | 'no_text'
  | 'too_large'
  | 'bounce_recorded'
  | 'bounce_ignored'
  | 'ignored_automatic'
  | 'ignored_anonymous'
  | 'unverified_sender';

/** What an inbound email carried besides its words, as far as handling it goes. */
export interface InboundEmailDetails {
  /** Message-IDs it answers (In-Reply-To, References). */
  answers?: string[];
  /** Addresses it was sent to. */
  recipients?: string[];
  attachments?: number;
  /** A bounce: the Message-ID of ours that failed, whether it failed for good, and the server's words. */
  originalMessageId?: string;
  failed?: boolean;
  diagnostic?: string;
  /** A message too large to take: its size in bytes. */
  size?: number;
  /** Why it looks sent by a program. */
  why?: string;
  /** Mailgun's SPF or DKIM check passed for the From address's domain (see sender-authentication.ts), and why or not. */
  authenticated?: boolean;
  authentication?: string;
}

/**
 * An email as the webhook stores it in the inbound pipeline: only the customer's new words, never the raw message or
 * its attachments. `fromAddress` is lower case, and empty for a bounce or an email without a sender.
 */
export interface StoredEmail {
  messageId: string;
  kind: InboundEmailKind;
  fromAddress: string;
  subject: string;
  body: string;
  details: InboundEmailDetails;
}

/** Redress's answer to an email: marked `auto-replied`, threaded under the email it answers. */
export const EMAIL_ANSWER_KIND = 'email_answer';

/** A new complaint waits this long for its category; after that a new email starts afresh. */
const INTAKE_WAIT_MS = 7 * 86_400_000;
/**
 * Most answers one address gets from Redress in a day. An auto-responder that ignores Auto-Submitted would answer
 * each of our answers, and we each of its emails: past this, Redress still handles what comes in but stops answering.
 */
export const MOST_ANSWERS_A_DAY = 10;
type Handled = { outcome: InboundEmailOutcome; reference?: string };

/**
 * Customers' emails, between the inbound webhook and the case. Each is stored in the inbound pipeline before the
 * webhook is answered; the pipeline then runs its turn here, one sender's at a time and in order:
 * - a reply about a case (its reference in the reply address or the subject, or the email it answers being one of
 *   ours about the case) from the address the complaint was made with goes into the case: an answer to staff's
 *   question, a yes or no to a proposal, or a message staff see in the history and in Slack;
 * - a new email starts a complaint: it is kept, and the customer is asked by email what it is about (the one thing
 *   a complaint needs that an email does not say); their answer records it and they get its reference;
 * - a bounce marks the message it is about failed; an automatic email is never answered, so mail cannot loop.
 */
@Injectable()
export class EmailInbox {
  private readonly logger = new Logger('EmailInbox');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly intakes: EmailIntakeRepository,
    private readonly outboxMessages: OutboxMessageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly pipeline: InboundPipeline,
    private readonly outbox: Outbox,
    private readonly settlement: OutboxSettlement,
    private readonly complaints: ComplaintsService,
    @Inject(CUSTOMER_DESK) private readonly desk: CustomerDesk,
    private readonly conduct: CodeOfConductService,
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
  ) {}

  /** Called once at start, when inbound email is set up: the pipeline runs each email's turn through `turn`. */
  register(): void {
    this.pipeline.register<StoredEmail>(EMAIL_CHANNEL, (message, turn) => this.turn(message, turn));
  }

  /**
   * Stores an email in the inbound pipeline before the webhook is answered; `duplicate` when this sender's email with
   * this Message-ID came before (the inbound service trying again). Its turn starts at once.
   */
  async receive(email: StoredEmail, receivedAt: string): Promise<{ duplicate: boolean }> {
    const { duplicate } = await this.pipeline.store({
      channel: EMAIL_CHANNEL,
      // bounces and anonymous emails have no sender: they queue together, and nobody is answered
      conversationKey: email.fromAddress || '<none>',
      providerId: email.messageId.slice(0, 200),
      payload: email,
      receivedAt,
    });
    return { duplicate };
  }

  /**
   * One email's turn, in one transaction: what it changes in the case, the answer it owes and the mark that it was
   * handled commit together or not at all, so a crash neither loses it nor does it twice.
   */
  private async turn(message: InboundMessage<StoredEmail>, turn: InboundTurn): Promise<void> {
    const handled = await this.uow.transaction(async () => {
      const result = await this.handle(message.payload);
      await turn.handled(result.outcome);
      return result;
    });
    this.outbox.committed();
    this.logger.log({ inboundId: message.id, kind: message.payload.kind, outcome: handled.outcome, reference: handled.reference }, 'Email handled');
  }

  private async handle(email: StoredEmail): Promise<Handled> {
    switch (email.kind) {
      case 'bounce':
        return this.bounce(email);
      case 'automatic':
        return { outcome: 'ignored_automatic' };
      case 'anonymous':
        return { outcome: 'ignored_anonymous' };
      case 'too_large': {
        const language = detectLanguage(email.subject) ?? 'en';
        const vars = { size: size(email.details.size ?? 0, language), max: size(this.maxBytes(), language) };
        return this.answer(email, { outcome: 'too_large' }, language, null, [['email.tooLarge', vars]]);
      }
      case 'message':
        break;
    }
    const language = detectLanguage(`${email.subject}\n${email.body}`);
    // a From address anyone could have written acts on nothing: not a case, not a new complaint. The answer goes to
    // that address and says nothing about any case, so a forger learns nothing and its owner knows what happened
    if (email.details.authenticated !== true) {
      this.logger.warn({ from: maskEmail(email.fromAddress), why: email.details.authentication ?? 'no check recorded' }, 'Email not acted on: its sender is not verified');
      return this.answer(email, { outcome: 'unverified_sender' }, language ?? 'en', null, [['email.unverified']]);
    }
    if (email.body === '') return this.answer(email, { outcome: 'no_text' }, language ?? 'en', null, [['email.noText']]);
    const reference = await this.referenceOf(email);
    if (reference) return this.intoCase(email, reference);
    return this.intake(email, language);
  }

  /** Which case an email is about: its reply address, its subject, or the email of ours it answers. */
  private async referenceOf(email: StoredEmail): Promise<string | undefined> {
    const named = referenceInAddresses(email.details.recipients ?? []) ?? referenceInSubject(email.subject);
    if (named) return named;
    for (const answered of email.details.answers ?? []) {
      const id = outboxIdOf(answered);
      if (!id) continue;
      const reference = await this.outboxMessages.referenceOf(id);
      if (reference) return reference;
    }
    return undefined;
  }

  private async intoCase(email: StoredEmail, reference: string): Promise<Handled> {
    const requester = requesterOf(email);
    const complaint = await this.find(reference);
    if (!complaint || !madeWith(complaint, email.fromAddress)) {
      const language = detectLanguage(email.body) ?? 'en';
      return this.answer(email, { outcome: 'not_theirs' }, language, null, [['email.notYours', { reference }]]);
    }
    const language = languageOf(complaint.language);
    const dropped = this.attachmentsNote(email);
    if (complaint.status === 'awaiting_customer' && (await refusedAsValue(this.desk.answerQuestion(requester, reference, email.body))) === undefined) {
      return this.answer(email, { outcome: 'answered_question', reference }, language, reference, [['followUp.answered', { reference }], ...dropped]);
    }
    const acceptance = complaint.status === 'response_proposed' ? readAcceptance(email.body) : undefined;
    if (acceptance !== undefined && (await refusedAsValue(this.desk.respondToProposal(requester, reference, acceptance))) === undefined) {
      const said: MessageKey = acceptance ? 'followUp.accepted' : 'followUp.rejected';
      return this.answer(email, { outcome: 'responded_to_proposal', reference }, language, reference, [[said, { reference }], ...dropped]);
    }
    // anything else, or a step the case refused (it moved meanwhile): kept as the customer's message; a case that can
    // take no message at all (its customer's details were erased) is not theirs to write to any more
    for (const part of chunks(email.body)) {
      if ((await refusedAsValue(this.desk.addMessage(requester, reference, part))) !== undefined) {
        return this.answer(email, { outcome: 'not_theirs' }, language, null, [['email.notYours', { reference }]]);
      }
    }
    return this.answer(email, { outcome: 'added_to_case', reference }, language, reference, [['email.added', { reference }], ...dropped]);
  }

  /**
   * A new complaint by email. The email says what happened; the category is asked for, as a numbered list, and the
   * complaint is recorded with the answer. What the customer writes meanwhile that is not an answer joins the story.
   */
  private async intake(email: StoredEmail, detected: Language | undefined): Promise<Handled> {
    const since = new Date(this.clock.now().getTime() - INTAKE_WAIT_MS).toISOString();
    const waiting = await this.intakes.find(email.fromAddress);
    if (!waiting || waiting.askedAt < since) {
      const language = detected ?? 'en';
      const fresh = email.subject && !/^\s*(re|aw|fwd?|rv|res)\s*:/i.test(email.subject);
      const story = fresh ? `${email.subject}\n\n${email.body}` : email.body;
      await this.intakes.save({ address: email.fromAddress, story, language, askedAt: this.clock.now().toISOString() });
      return this.answer(email, { outcome: 'asked_category' }, language, null, [
        ['email.askCategory', { organisation: this.conduct.code.organisation.name }],
        ...this.categoryList(language),
        ['email.aboutExisting'],
        ...this.attachmentsNote(email),
      ]);
    }
    const language: Language = waiting.language === 'es' ? 'es' : 'en';
    const category = this.categoryFrom(email.body, language);
    if (!category) {
      const story = `${waiting.story}\n\n${email.body}`.slice(0, DESCRIPTION_MAX * 4);
      await this.intakes.updateStory(email.fromAddress, story);
      return this.answer(email, { outcome: 'added_to_story' }, language, null, [
        ['email.addedToStory'],
        ...this.attachmentsNote(email),
        ['email.categoryRetry'],
        ...this.categoryList(language),
      ]);
    }
    const [description, ...more] = chunks(waiting.story);
    const filed = await this.desk.fileComplaint({
      requester: requesterOf(email),
      contact: { kind: 'email', value: email.fromAddress },
      language,
      category,
      description,
    });
    for (const part of more) await this.desk.addMessage(requesterOf(email), filed.reference, part);
    await this.intakes.delete(email.fromAddress);
    return this.answer(email, { outcome: 'filed', reference: filed.reference }, language, filed.reference, [
      ['email.filed', { reference: filed.reference }],
      ['email.secretCode', { code: filed.secretCode }],
      ['email.filedNext'],
      ...this.attachmentsNote(email),
    ]);
  }

  private categoryList(language: Language): AnswerLine[] {
    return this.desk.categories(language).map((category, index) => ['email.categoryLine', { number: index + 1, label: category.label }] as AnswerLine);
  }

  /**
   * "2", "2. Billing", "billing" or "Facturación" as the whole answer: the number or the name of one category. Not a
   * number that starts a sentence ("2 days later…"), which is more of the story.
   */
  private categoryFrom(text: string, language: Language): string | undefined {
    const categories = this.desk.categories(language);
    const answer = normalise(text);
    const labelled = /^(\d{1,2})(?: (.+))?$/.exec(answer);
    if (labelled) {
      const chosen = categories[Number(labelled[1]) - 1];
      return chosen && (!labelled[2] || normalise(chosen.label) === labelled[2]) ? chosen.id : undefined;
    }
    return categories.find((category) => normalise(category.label) === answer || category.id === answer)?.id;
  }

  private attachmentsNote(email: StoredEmail): AnswerLine[] {
    return (email.details.attachments ?? 0) > 0 ? [['email.attachmentsDropped']] : [];
  }

  private async bounce(email: StoredEmail): Promise<Handled> {
    const { originalMessageId, failed, diagnostic } = email.details;
    if (!failed || !originalMessageId) return { outcome: 'bounce_ignored' };
    const settled = await this.settlement.settle({ channel: EMAIL_CHANNEL, providerRef: originalMessageId }, 'failed', {
      error: `Bounced: ${diagnostic ?? 'undeliverable'}`,
    });
    const reference = settled.changed ? (settled.message.reference ?? undefined) : undefined;
    return { outcome: settled.changed ? 'bounce_recorded' : 'bounce_ignored', reference };
  }

  /** Writes the answer and marks the email handled, together: a crash between the two can neither lose nor repeat it. */
  private async answer(
    email: StoredEmail,
    handled: Handled,
    language: Language,
    reference: string | null,
    lines: AnswerLine[],
  ): Promise<Handled> {
    const since = new Date(this.clock.now().getTime() - 86_400_000).toISOString();
    if ((await this.outboxMessages.countSince(`${EMAIL_CHANNEL}:${email.fromAddress}`, EMAIL_ANSWER_KIND, since)) >= MOST_ANSWERS_A_DAY) {
      this.logger.warn({ from: maskEmail(email.fromAddress), outcome: handled.outcome }, 'Email not answered: this address had as many answers as a day allows');
      return handled;
    }
    await this.outbox.enqueue([
        {
          reference,
          channel: EMAIL_CHANNEL,
          kind: EMAIL_ANSWER_KIND,
          recipient: { address: email.fromAddress },
          payload: answerPayload(lines, language, { inReplyTo: email.messageId, autoReply: true }),
          dedupeKey: `email:answer:${email.messageId}`.slice(0, 200),
        },
      ]);
    return handled;
  }

  private async find(reference: string): Promise<Complaint | null> {
    try {
      return await this.complaints.get(reference);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'complaint_not_found') return null;
      throw error;
    }
  }

  private maxBytes(): number {
    return this.settings.enabled ? this.settings.maxMessageBytes : 0;
  }
}


/** An expected refusal (a DomainError) as a value, its code; undefined when the step was taken. */
async function refusedAsValue(step: Promise<unknown>): Promise<string | undefined> {
  try {
    await step;
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

function requesterOf(email: StoredEmail): Requester {
  return { key: `${EMAIL_CHANNEL}:${email.fromAddress}`, channel: 'email' };
}

/** The complaint was made from, or gives for updates, this address: only then does an email go into it. */
function madeWith(complaint: Complaint, address: string): boolean {
  if (complaint.originKey === `${EMAIL_CHANNEL}:${address}`) return true;
  return complaint.contact.kind === 'email' && complaint.contact.value.toLowerCase() === address;
}

function languageOf(language: string): Language {
  return language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** Words longer than a complaint's story may be go in as several messages, cut between words: nothing is lost. */
function chunks(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > DESCRIPTION_MAX) {
    const cut = rest.lastIndexOf(' ', DESCRIPTION_MAX);
    const at = cut > DESCRIPTION_MAX / 2 ? cut : DESCRIPTION_MAX;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  parts.push(rest);
  return parts;
}

/** "64 KB", "1.5 MB": as a mail program shows sizes. */
function size(bytes: number, language: Language): string {
  const locale = language === 'es' ? 'es-ES' : 'en-GB';
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024).toLocaleString(locale)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}
