import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { detectLanguage } from '../../dialogs/language-detection.js';
import { Messages, type Language, type MessageKey, type Vars } from '../../dialogs/messages/messages.js';
import { normalise, readAcceptance } from '../../dialogs/words.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { CUSTOMER_DESK, type CustomerDesk, type Requester } from '../../src/complaints/customer-desk/customer-desk.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { DESCRIPTION_MAX } from '../../src/complaints/domain/description.js';
import { DomainError } from '../../src/common/domain-error.js';
import { maskEmail } from '../../src/contacts/contact-format.js';
import { ClaimLoop } from '../../src/database/claim-loop.js';
import { Sql, SqlForLists } from '../../src/database/sql.js';
import { isUniqueViolation, UnitOfWork } from '../../src/database/unit-of-work.js';
import { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { OutboxSettlement } from '../../src/notifications/outbox-settlement.js';
import { Outbox } from '../../src/notifications/outbox.js';
import { messagePayload, TEXT_KEY } from '../../src/notifications/rendering/message-payload.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { outboxIdOf, referenceInAddresses, referenceInSubject } from './email-addresses.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email-settings.js';
import { EmailInboundMessageRecord, type InboundEmailDetails, type InboundEmailKind, type InboundEmailOutcome } from './email.entities.js';
import { EMAIL_CHANNEL } from './email.notifier.js';

/** An email as the webhook stores it. */
export interface ReceivedEmail {
  messageId: string;
  kind: InboundEmailKind;
  fromAddress: string;
  subject: string;
  body: string;
  details: InboundEmailDetails;
  receivedAt: string;
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
/** Turns tried this many times without finishing are given up, so one poisonous email cannot block a sender. */
const MAX_ATTEMPTS = 5;
const SETTINGS = { pollIntervalMs: 5_000, capacity: 10 };

const INSERT = new Sql(
  `INSERT INTO email_inbound_messages (message_id, kind, from_address, subject, body, details, reference, received_at, attempts, claimed_until, handled_at, outcome)
   VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 0, NULL, NULL, NULL)`,
);
const FREE = 'handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)';
/** Each sender's oldest email not yet handled, if it is free: one sender's emails are handled in the order they came. */
const NEXT = new Sql(
  `SELECT id FROM email_inbound_messages
   WHERE id IN (SELECT MIN(id) FROM email_inbound_messages WHERE handled_at IS NULL GROUP BY from_address) AND ${FREE}
   ORDER BY id ASC LIMIT ?`,
);
const CLAIM = new SqlForLists(
  (ids) => `UPDATE email_inbound_messages SET claimed_until = ?, attempts = attempts + 1 WHERE id IN (${ids}) AND ${FREE}
   RETURNING id, message_id AS "messageId", kind, from_address AS "fromAddress", subject, body, details, reference,
     received_at AS "receivedAt", attempts, claimed_until AS "claimedUntil", handled_at AS "handledAt", outcome`,
);
const MARK_HANDLED = new Sql('UPDATE email_inbound_messages SET handled_at = ?, outcome = ?, reference = ?, claimed_until = NULL WHERE id = ?');
const ANOTHER_WAITING = new Sql('SELECT 1 AS found FROM email_inbound_messages WHERE handled_at IS NULL AND from_address = ? LIMIT 1');
/** The new complaint from this sender still waiting for its category, if any. */
const WAITING_INTAKE = new Sql(
  `SELECT id, body, details, received_at AS "receivedAt" FROM email_inbound_messages
   WHERE from_address = ? AND outcome = 'asked_category' AND received_at >= ? ORDER BY id DESC LIMIT 1`,
);
const ANSWERS_SINCE = new Sql(
  "SELECT COUNT(*) AS n FROM outbox_messages WHERE conversation = ? AND kind = 'email_answer' AND created_at >= ?",
);
const UPDATE_STORY = new Sql('UPDATE email_inbound_messages SET body = ?, details = ? WHERE id = ?');
const CLOSE_INTAKE = new Sql("UPDATE email_inbound_messages SET outcome = 'filed', reference = ? WHERE id = ?");

type Row = Omit<EmailInboundMessageRecord, 'details'> & { details: string | InboundEmailDetails };
type Handled = { outcome: InboundEmailOutcome; reference?: string };

/**
 * Customers' emails, between the inbound webhook and the case. Each is stored before the webhook is answered, then
 * handled here, one sender's at a time and in order:
 * - a reply about a case (its reference in the reply address or the subject, or the email it answers being one of
 *   ours about the case) from the address the complaint was made with goes into the case: an answer to staff's
 *   question, a yes or no to a proposal, or a message staff see in the history and in Slack;
 * - a new email starts a complaint: it is kept, and the customer is asked by email what it is about (the one thing
 *   a complaint needs that an email does not say); their answer records it and they get its reference;
 * - a bounce marks the message it is about failed; an automatic email is never answered, so mail cannot loop.
 */
@Injectable()
export class EmailInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmailInbox');
  private readonly loop: ClaimLoop<Row>;
  private readonly messages = new Messages();
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly settlement: OutboxSettlement,
    private readonly complaints: ComplaintsService,
    @Inject(CUSTOMER_DESK) private readonly desk: CustomerDesk,
    private readonly conduct: CodeOfConductService,
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.leaseMs = config.CLAIM_LEASE_SECONDS * 1000;
    this.loop = new ClaimLoop({
      capacity: SETTINGS.capacity,
      claim: (room) => this.claim(room),
      handle: (row) => this.handleInOrder(row),
      failed: (error, row) => this.logger.error({ err: error, emailId: row.id, from: maskEmail(row.fromAddress || 'unknown@unknown') }, 'Email could not be handled'),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled || !this.settings.inboundSigningKey) return;
    this.stopped = false;
    // emails taken before a restart and never handled are picked up here, and after a lapsed claim
    this.timer = setInterval(() => this.kick(), SETTINGS.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.loop.stop();
  }

  /** Stores an email; false when this Message-ID came before (the inbound service trying again), which is ignored. */
  async receive(email: ReceivedEmail): Promise<boolean> {
    try {
      await this.uow.transaction((manager) =>
        INSERT.run(manager, [email.messageId.slice(0, 255), email.kind, email.fromAddress, email.subject, email.body, JSON.stringify(email.details), email.receivedAt]),
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  kick(): void {
    if (this.stopped) return;
    this.uow.detached(() => this.drain().catch((error: unknown) => this.logger.error({ err: error }, 'Email inbox pass failed')));
  }

  drain(): Promise<void> {
    return this.loop.run();
  }

  private async claim(room: number): Promise<Row[]> {
    const now = this.clock.now().toISOString();
    const { rows: next } = await this.uow.read((manager) => NEXT.run<{ id: number }>(manager, [now, room]));
    if (next.length === 0) return [];
    const claimedUntil = new Date(Date.parse(now) + this.leaseMs).toISOString();
    const { rows } = await this.uow.transaction((manager) => CLAIM.for(next.length).run<Row>(manager, [claimedUntil, ...next.map((row) => row.id), now]));
    return rows.sort((a, b) => a.id - b.id);
  }

  private async handleInOrder(row: Row): Promise<void> {
    try {
      const email: EmailInboundMessageRecord = { ...row, details: typeof row.details === 'string' ? (JSON.parse(row.details) as InboundEmailDetails) : row.details };
      const handled = row.attempts > MAX_ATTEMPTS ? await this.finish(email, { outcome: 'gave_up' }) : await this.handle(email);
      this.logger.log({ emailId: row.id, kind: row.kind, outcome: handled.outcome, reference: handled.reference }, 'Email handled');
    } finally {
      if (await this.anotherWaiting(row.fromAddress)) this.kick();
    }
  }

  private async anotherWaiting(fromAddress: string): Promise<boolean> {
    const { rows } = await this.uow.read((manager) => ANOTHER_WAITING.run(manager, [fromAddress]));
    return rows.length > 0;
  }

  private async handle(email: EmailInboundMessageRecord): Promise<Handled> {
    switch (email.kind) {
      case 'bounce':
        return this.bounce(email);
      case 'automatic':
        return this.finish(email, { outcome: 'ignored_automatic' });
      case 'anonymous':
        return this.finish(email, { outcome: 'ignored_anonymous' });
      case 'too_large': {
        const language = detectLanguage(email.subject) ?? 'en';
        const vars = { size: size(email.details.size ?? 0, language), max: size(this.maxBytes(), language) };
        return this.answer(email, { outcome: 'too_large' }, language, null, [['email.tooLarge', vars]]);
      }
      case 'message':
        break;
    }
    const language = detectLanguage(`${email.subject}\n${email.body}`);
    if (email.body === '') return this.answer(email, { outcome: 'no_text' }, language ?? 'en', null, [['email.noText']]);
    const reference = await this.referenceOf(email);
    if (reference) return this.intoCase(email, reference);
    return this.intake(email, language);
  }

  /** Which case an email is about: its reply address, its subject, or the email of ours it answers. */
  private async referenceOf(email: EmailInboundMessageRecord): Promise<string | undefined> {
    const named = referenceInAddresses(email.details.recipients ?? []) ?? referenceInSubject(email.subject);
    if (named) return named;
    for (const answered of email.details.answers ?? []) {
      const id = outboxIdOf(answered);
      if (!id) continue;
      const ours = await this.uow.read((manager) => manager.findOne(OutboxMessageRecord, { select: { reference: true }, where: { id } }));
      if (ours?.reference) return ours.reference;
    }
    return undefined;
  }

  private async intoCase(email: EmailInboundMessageRecord, reference: string): Promise<Handled> {
    const requester = requesterOf(email);
    const complaint = await this.find(reference);
    if (!complaint || !madeWith(complaint, email.fromAddress)) {
      const language = detectLanguage(email.body) ?? 'en';
      return this.answer(email, { outcome: 'not_theirs' }, language, null, [['email.notYours', { reference }]]);
    }
    const language = languageOf(complaint.language);
    const dropped = this.attachmentsNote(email);
    if (complaint.status === 'awaiting_customer') {
      await this.desk.answerQuestion(requester, reference, email.body);
      return this.answer(email, { outcome: 'answered_question', reference }, language, reference, [['followUp.answered', { reference }], ...dropped]);
    }
    const acceptance = complaint.status === 'response_proposed' ? readAcceptance(email.body) : undefined;
    if (acceptance !== undefined) {
      await this.desk.respondToProposal(requester, reference, acceptance);
      const said: MessageKey = acceptance ? 'followUp.accepted' : 'followUp.rejected';
      return this.answer(email, { outcome: 'responded_to_proposal', reference }, language, reference, [[said, { reference }]]);
    }
    for (const part of chunks(email.body)) await this.desk.addMessage(requester, reference, part);
    return this.answer(email, { outcome: 'added_to_case', reference }, language, reference, [['email.added', { reference }], ...dropped]);
  }

  /**
   * A new complaint by email. The email says what happened; the category is asked for, as a numbered list, and the
   * complaint is recorded with the answer. What the customer writes meanwhile that is not an answer joins the story.
   */
  private async intake(email: EmailInboundMessageRecord, detected: Language | undefined): Promise<Handled> {
    const since = new Date(this.clock.now().getTime() - INTAKE_WAIT_MS).toISOString();
    const { rows } = await this.uow.read((manager) =>
      WAITING_INTAKE.run<{ id: number; body: string; details: string; receivedAt: string }>(manager, [email.fromAddress, since]),
    );
    const waiting = rows[0];
    if (!waiting) {
      const language = detected ?? 'en';
      const categories = this.categoryList(language);
      return this.answer(email, { outcome: 'asked_category' }, language, null, [
        ['email.askCategory', { organisation: this.conduct.code.organisation.name }],
        ...categories,
        ['email.aboutExisting'],
        ...this.attachmentsNote(email),
      ], { language, story: email.subject && !/^\s*(re|aw|fwd?|rv|res)\s*:/i.test(email.subject) ? `${email.subject}\n\n${email.body}` : email.body });
    }
    const story = JSON.parse(waiting.details) as InboundEmailDetails & { language?: Language };
    const language = story.language ?? detected ?? 'en';
    const category = this.categoryFrom(email.body, language);
    if (!category) {
      const body = `${waiting.body}\n\n${email.body}`.slice(0, DESCRIPTION_MAX * 4);
      await this.uow.transaction((manager) => UPDATE_STORY.run(manager, [body, JSON.stringify(story), waiting.id]));
      return this.answer(email, { outcome: 'added_to_story' }, language, null, [['email.addedToStory'], ['email.categoryRetry'], ...this.categoryList(language)]);
    }
    const [description, ...more] = chunks(waiting.body);
    const filed = await this.desk.fileComplaint({
      requester: requesterOf(email),
      contact: { kind: 'email', value: email.fromAddress },
      language,
      category,
      description,
    });
    for (const part of more) await this.desk.addMessage(requesterOf(email), filed.reference, part);
    await this.uow.transaction((manager) => CLOSE_INTAKE.run(manager, [filed.reference, waiting.id]));
    return this.answer(email, { outcome: 'filed', reference: filed.reference }, language, filed.reference, [
      ['email.filed', { reference: filed.reference }],
      ['email.secretCode', { code: filed.secretCode }],
      ['email.filedNext'],
    ]);
  }

  private categoryList(language: Language): Line[] {
    return this.desk.categories(language).map((category, index) => ['email.categoryLine', { number: index + 1, label: category.label }] as Line);
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

  private attachmentsNote(email: EmailInboundMessageRecord): Line[] {
    return (email.details.attachments ?? 0) > 0 ? [['email.attachmentsDropped']] : [];
  }

  private async bounce(email: EmailInboundMessageRecord): Promise<Handled> {
    const { originalMessageId, failed, diagnostic } = email.details;
    if (!failed || !originalMessageId) return this.finish(email, { outcome: 'bounce_ignored' });
    const settled = await this.settlement.settle({ channel: EMAIL_CHANNEL, providerRef: originalMessageId }, 'failed', {
      error: `Bounced: ${diagnostic ?? 'undeliverable'}`,
    });
    const reference = settled.changed ? (settled.message.reference ?? undefined) : undefined;
    return this.finish(email, { outcome: settled.changed ? 'bounce_recorded' : 'bounce_ignored', reference });
  }

  /** Writes the answer and marks the email handled, together: a crash between the two can neither lose nor repeat it. */
  private async answer(
    email: EmailInboundMessageRecord,
    handled: Handled,
    language: Language,
    reference: string | null,
    lines: Line[],
    keep?: { language: Language; story: string },
  ): Promise<Handled> {
    // paragraphs apart, the lines of a numbered list together
    const text = lines
      .map(([key, vars]) => ({ key, text: this.messages.text(language, key, vars) }))
      .map((line, index, all) => (index === 0 ? '' : line.key === 'email.categoryLine' && all[index - 1].key === 'email.categoryLine' ? '\n' : '\n\n') + line.text)
      .join('');
    const since = new Date(this.clock.now().getTime() - 86_400_000).toISOString();
    const { rows } = await this.uow.read((manager) => ANSWERS_SINCE.run<{ n: number | string }>(manager, [`${EMAIL_CHANNEL}:${email.fromAddress}`, since]));
    const withheld = Number(rows[0]?.n ?? 0) >= MOST_ANSWERS_A_DAY;
    if (withheld) this.logger.warn({ emailId: email.id, from: maskEmail(email.fromAddress), outcome: handled.outcome }, 'Email not answered: this address had as many answers as a day allows');
    await this.uow.transaction(async (manager) => {
      if (!withheld) await this.outbox.enqueue(manager, [
        {
          reference,
          channel: EMAIL_CHANNEL,
          kind: EMAIL_ANSWER_KIND,
          recipient: { address: email.fromAddress },
          payload: messagePayload(TEXT_KEY, { text }, language, { inReplyTo: email.messageId, autoReply: true }),
          dedupeKey: `email:answer:${email.messageId}`.slice(0, 200),
        },
      ]);
      // the story of a complaint waiting for its category remembers the language it was asked in
      if (keep) await UPDATE_STORY.run(manager, [keep.story, JSON.stringify({ ...email.details, language: keep.language }), email.id]);
      await this.mark(manager, email, handled);
    });
    this.outbox.committed();
    return handled;
  }

  private async finish(email: EmailInboundMessageRecord, handled: Handled): Promise<Handled> {
    await this.uow.transaction((manager) => this.mark(manager, email, handled));
    return handled;
  }

  private async mark(manager: EntityManager, email: EmailInboundMessageRecord, handled: Handled): Promise<void> {
    await MARK_HANDLED.run(manager, [this.clock.now().toISOString(), handled.outcome, handled.reference ?? null, email.id]);
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

type Line = [MessageKey, Vars?];

function requesterOf(email: EmailInboundMessageRecord): Requester {
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
