import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogContext, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DomainError } from '../src/common/domain-error.js';
import type { FiledComplaint } from '../src/complaints/customer-desk/customer-desk.js';
import type { Contact } from '../src/complaints/domain/complaint.js';
import { DESCRIPTION_MAX } from '../src/complaints/domain/description.js';
import { spellReference } from '../src/complaints/domain/reference.js';
import { parseContact, type ContactParse } from '../src/contacts/contact-format.js';
import { CancelAndHelpDialog, cancelledLine } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { evidenceRoom } from './evidence-dialog.js';
import { LANGUAGES, type Language } from './messages/messages.js';
import { readOccurredOn } from './occurred-on.js';
import { calendarDate, promisedDate } from './plain-dates.js';
import { deadlineLine, promisesAhead } from './promises.js';
import { askOptions, type Ask, type ChoiceSpec } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { ANSWER_MAX, AskTextPrompt, withinLimits } from './prompts/ask-text-prompt.js';
import { line, type Line } from './session.js';
import { isDontKnow } from './words.js';

export const INTAKE_DIALOG = 'INTAKE_DIALOG';
const FIELD_WATERFALL = 'INTAKE_FIELD_WATERFALL';
const CONTACT_WATERFALL = 'INTAKE_CONTACT_WATERFALL';
const REVIEW_WATERFALL = 'INTAKE_REVIEW_WATERFALL';
/** Asked once the complaint is filed: a file sent meanwhile is for that complaint. */
export const SURVEY_DESK_WATERFALL = 'INTAKE_SURVEY_DESK_WATERFALL';
const CHOICE_PROMPT = 'INTAKE_CHOICE_PROMPT';
const CATEGORY_OR_MORE_PROMPT = 'INTAKE_CATEGORY_OR_MORE_PROMPT';
const DESCRIPTION_PROMPT = 'INTAKE_DESCRIPTION_PROMPT';
const OCCURRED_ON_PROMPT = 'INTAKE_OCCURRED_ON_PROMPT';
const REMEDY_PROMPT = 'INTAKE_REMEDY_PROMPT';
const PHONE_PROMPT = 'INTAKE_PHONE_PROMPT';
const EMAIL_PROMPT = 'INTAKE_EMAIL_PROMPT';

/** Between the parts of a story told in several messages. */
const PART_BREAK = '\n\n';

/** Long enough to recognise a description, short enough for a text message. */
const SUMMARY_DESCRIPTION_MAX = 300;

const FIELDS = ['description', 'category', 'occurredOn', 'remedySought', 'contact'] as const;
type Field = (typeof FIELDS)[number];

/** The complaint as told so far. `null` means the customer said they do not know. */
export interface Draft {
  description?: string;
  category?: string;
  occurredOn?: string | null;
  remedySought?: string | null;
  contact?: Contact;
}

interface FieldOptions {
  draft: Draft;
  field: Field;
  /** Changing one answer from the summary goes back to the summary rather than on to the next question. */
  changing: boolean;
  /** What to ask with, in place of the usual question: what became of a further part of the story. */
  more?: Line;
}

/** What the contact waterfall keeps between its steps. */
interface ContactValues {
  kind: 'phone' | 'email';
  contact: Contact;
}

const CHANGE: Record<string, Field> = {
  change_description: 'description',
  change_category: 'category',
  change_date: 'occurredOn',
  change_remedy: 'remedySought',
  change_contact: 'contact',
};

/**
 * Takes a complaint one short question at a time, reads it back, lets any answer be changed, and files it.
 */
export class IntakeDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(INTAKE_DIALOG, deps, { cancelled: 'cancel.intake', carriesOnAfterHandOff: true, serves: 'complain' });
    const { session } = deps;
    this.addDialog(new AskChoicePrompt(CHOICE_PROMPT, session))
      // Right after the story, a message that is not a topic is more of the story: people tell it in several messages,
      // and a long text may reach us in parts.
      .addDialog(
        new AskChoicePrompt(CATEGORY_OR_MORE_PROMPT, session, async (prompt) => prompt.recognized.succeeded || !!prompt.context.activity.text?.trim()),
      )
      .addDialog(new AskTextPrompt(DESCRIPTION_PROMPT, session, (answer) => checkDescription(answer)))
      .addDialog(new AskTextPrompt(OCCURRED_ON_PROMPT, session, (answer, prompt) => this.checkOccurredOn(answer, prompt.context)))
      .addDialog(
        new AskTextPrompt(REMEDY_PROMPT, session, withinLimits(line('intake.remedyEmpty'), line('intake.tooLong'), ANSWER_MAX)),
      )
      .addDialog(new AskTextPrompt(PHONE_PROMPT, session, (answer, prompt) => this.checkContact('phone', answer, prompt.context)))
      .addDialog(new AskTextPrompt(EMAIL_PROMPT, session, (answer, prompt) => this.checkContact('email', answer, prompt.context)))
      .addDialog(new WaterfallDialog(FIELD_WATERFALL, [this.askField.bind(this), this.keepField.bind(this)]))
      .addDialog(
        new WaterfallDialog(CONTACT_WATERFALL, [
          this.askContactKind.bind(this),
          this.askContactValue.bind(this),
          this.askConsent.bind(this),
          this.consented.bind(this),
        ]),
      )
      .addDialog(new WaterfallDialog(REVIEW_WATERFALL, [this.review.bind(this), this.reviewed.bind(this)]))
      .addDialog(new WaterfallDialog(SURVEY_DESK_WATERFALL, [this.askSurveyConsent.bind(this), this.keepSurveyConsent.bind(this)]));
    this.initialDialogId = FIELD_WATERFALL;
  }

  private async askField(step: WaterfallStepContext) {
    const { field } = this.fieldOptions(step);
    switch (field) {
      case 'description':
        return step.prompt(DESCRIPTION_PROMPT, askOptions({ say: line('intake.describe', { max: DESCRIPTION_MAX }) }));
      case 'category': {
        const { changing, more } = this.fieldOptions(step);
        return step.prompt(
          changing ? CHOICE_PROMPT : CATEGORY_OR_MORE_PROMPT,
          askOptions({ say: more ?? line('intake.category'), retry: line('intake.categoryRetry'), choices: this.categoryChoices() }),
        );
      }
      case 'occurredOn':
        return step.prompt(OCCURRED_ON_PROMPT, askOptions({ say: line('intake.occurred') }));
      case 'remedySought':
        return step.prompt(REMEDY_PROMPT, askOptions({ say: line('intake.remedy') }));
      case 'contact':
        return step.beginDialog(CONTACT_WATERFALL);
    }
  }

  private async keepField(step: WaterfallStepContext) {
    const { draft, field, changing } = this.fieldOptions(step);
    if (field === 'category' && step.result === undefined) return this.addToStory(step, draft);
    const kept: Draft = { ...draft, [field]: this.answerFor(field, step) };
    const following = FIELDS[FIELDS.indexOf(field) + 1];
    if (changing || !following) return step.replaceDialog(REVIEW_WATERFALL, kept);
    const next: FieldOptions = { draft: kept, field: following, changing: false };
    return step.replaceDialog(FIELD_WATERFALL, next);
  }

  /** A further message while the topic is asked: added to what happened, unless that would make it too long. */
  private async addToStory(step: WaterfallStepContext, draft: Draft) {
    const story = draft.description ?? '';
    const more = (step.context.activity.text ?? '').trim();
    const told = `${story}${PART_BREAK}${more}`;
    const left = DESCRIPTION_MAX - story.length - PART_BREAK.length;
    let next: FieldOptions;
    if (told.length <= DESCRIPTION_MAX) {
      next = { draft: { ...draft, description: told }, field: 'category', changing: false, more: line('intake.moreAdded') };
    } else {
      const said = left > 0 ? line('intake.moreTooLong', { max: DESCRIPTION_MAX, left }) : line('intake.moreFull');
      next = { draft, field: 'category', changing: false, more: said };
    }
    return step.replaceDialog(FIELD_WATERFALL, next);
  }

  private fieldOptions(step: WaterfallStepContext): FieldOptions {
    // A waterfall begun without options gets an empty object: that is the start of a new complaint.
    const options = step.options as Partial<FieldOptions>;
    return options.field ? (options as FieldOptions) : { draft: {}, field: FIELDS[0], changing: false };
  }

  private answerFor(field: Field, step: WaterfallStepContext): Draft[Field] {
    switch (field) {
      case 'description':
        return (step.result as string).trim();
      case 'category':
        return (step.result as FoundChoice).value;
      case 'occurredOn': {
        const reading = this.readOccurredOn(step.result as string, step.context);
        return reading.kind === 'date' ? reading.date : null;
      }
      case 'remedySought': {
        const answer = (step.result as string).trim();
        return isDontKnow(answer) ? null : answer;
      }
      case 'contact':
        return step.result as Contact;
    }
  }

  /** The organisation's categories, each labelled in every language so that either is understood. */
  private categoryChoices(): ChoiceSpec[] {
    const { desk } = this.deps;
    const labelsOf = (id: string, fallback: string) =>
      Object.fromEntries(LANGUAGES.map((l) => [l, desk.categories(l).find((c) => c.id === id)?.label ?? fallback])) as Record<
        Language,
        string
      >;
    return desk.categories(LANGUAGES[0]).map(({ id, label }) => ({ value: id, labels: labelsOf(id, label) }));
  }

  private readOccurredOn(answer: string, context: TurnContext) {
    const { clock, desk, session } = this.deps;
    return readOccurredOn(answer, clock.now(), desk.organisation().timeZone, session.language(context));
  }

  private checkOccurredOn(answer: string, context: TurnContext): Line | undefined {
    if (answer.trim() === '') return line('intake.occurredEmpty');
    if (answer.length > ANSWER_MAX) return line('intake.tooLong');
    const reading = this.readOccurredOn(answer, context);
    if (reading.kind === 'unclear') return line('intake.occurredUnclear');
    if (reading.kind === 'future') return line('intake.occurredFuture');
    return undefined;
  }

  /**
   * National numbers ("07911 123456") are read in the country of the number texting us, else in the code of conduct's
   * country, else in that of the organisation's phone numbers.
   */
  private defaultCountry(context: TurnContext): CountryCode | undefined {
    const { session, desk } = this.deps;
    const here = session.hereContact(context);
    // a WhatsApp conversation is on a phone number too
    if (here.kind === 'phone' || here.kind === 'whatsapp') {
      const country = parsePhoneNumberFromString(here.value)?.country;
      if (country) return country;
    }
    const organisation = desk.organisation();
    if (organisation.country && isSupportedCountry(organisation.country)) return organisation.country;
    return organisation.contactRoutes
      .filter((route) => route.kind === 'phone' || route.kind === 'sms')
      .map((route) => parsePhoneNumberFromString(route.value)?.country)
      .find((country) => country !== undefined);
  }

  private parseTyped(kind: 'phone' | 'email', answer: string, context: TurnContext): ContactParse {
    if (kind === 'email') return parseContact(kind, answer);
    const country = this.defaultCountry(context);
    // The number this text came from, typed out: proven, as the choice "by text to this number" is.
    const here = this.deps.session.hereContact(context);
    if (here.kind === 'phone' && parsePhoneNumberFromString(answer, country)?.number === here.value) return { ok: true, contact: here };
    return parseContact(kind, answer, country);
  }

  private checkContact(kind: 'phone' | 'email', answer: string, context: TurnContext): Line | undefined {
    const retry = line(kind === 'phone' ? 'intake.phoneRetry' : 'intake.emailRetry');
    if (answer.trim() === '') return retry;
    if (answer.length > ANSWER_MAX) return line('intake.tooLong');
    return this.parseTyped(kind, answer, context).ok ? undefined : retry;
  }

  private async askContactKind(step: WaterfallStepContext) {
    const declined = (step.options as { declined?: boolean } | undefined)?.declined ?? false;
    // worded for the channel the conversation is on ("by text to this number", "in this chat")
    const here = { context: this.deps.session.channel(step.context).id };
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        say: declined ? line('intake.contactInstead', here) : line('intake.contactHow'),
        retry: line('intake.contactRetry'),
        choices: [
          { value: 'here', key: 'intake.contactHere', vars: here },
          // only the routes set up to deliver updates: one that is not would fail every update
          ...this.otherRoutes(),
        ],
      }),
    );
  }

  private otherRoutes(): NonNullable<Ask['choices']> {
    const routes = this.deps.desk.organisation().updateRoutes;
    return [
      ...(routes.includes('phone') ? [{ value: 'phone', key: 'intake.contactPhone' as const }] : []),
      ...(routes.includes('email') ? [{ value: 'email', key: 'intake.contactEmail' as const }] : []),
    ];
  }

  private async askContactValue(step: WaterfallStepContext) {
    const kind = (step.result as FoundChoice).value;
    if (kind === 'here') return step.endDialog(this.deps.session.hereContact(step.context));
    (step.values as ContactValues).kind = kind as 'phone' | 'email';
    return kind === 'phone'
      ? step.prompt(PHONE_PROMPT, askOptions({ say: line('intake.phoneAsk') }))
      : step.prompt(EMAIL_PROMPT, askOptions({ say: line('intake.emailAsk') }));
  }

  private async askConsent(step: WaterfallStepContext) {
    const values = step.values as ContactValues;
    const parsed = this.parseTyped(values.kind, step.result as string, step.context);
    if (!parsed.ok) return step.replaceDialog(CONTACT_WATERFALL);
    values.contact = parsed.contact;
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        // with a survey on offer the contact may also carry it, which the sentence must not deny
        say: this.surveysOffered() ? line('intake.consent', { context: 'survey' }) : line('intake.consent'),
        retry: line('intake.consentRetry'),
        choices: [
          { value: 'yes', key: 'intake.yes', also: 'yes' },
          { value: 'no', key: 'intake.no', also: 'no' },
        ],
      }),
    );
  }

  private async consented(step: WaterfallStepContext) {
    if ((step.result as FoundChoice).value === 'yes') return step.endDialog((step.values as ContactValues).contact);
    return step.replaceDialog(CONTACT_WATERFALL, { declined: true });
  }

  private async review(step: WaterfallStepContext) {
    const draft = step.options as Draft;
    await this.deps.session.say(step.context, ...this.summary(draft, step.context));
    const choices: Ask['choices'] = [
      { value: 'send', key: 'intake.send', also: 'yes' },
      { value: 'change_description', key: 'intake.changeDescription' },
      { value: 'change_category', key: 'intake.changeCategory' },
      { value: 'change_date', key: 'intake.changeDate' },
      { value: 'change_remedy', key: 'intake.changeRemedy' },
      { value: 'change_contact', key: 'intake.changeContact' },
      { value: 'cancel', key: 'intake.cancel' },
    ];
    return step.prompt(CHOICE_PROMPT, askOptions({ say: line('intake.review'), retry: line('intake.reviewRetry'), choices }));
  }

  private summary(draft: Draft, context: TurnContext): Line[] {
    const { session, desk } = this.deps;
    const language = session.language(context);
    const notKnown = session.text(context, 'intake.notKnown');
    const description = draft.description ?? '';
    const shortened =
      description.length > SUMMARY_DESCRIPTION_MAX ? `${description.slice(0, SUMMARY_DESCRIPTION_MAX).trimEnd()}...` : description;
    const topic = desk.categories(language).find((c) => c.id === draft.category)?.label ?? draft.category ?? '';
    return [
      line('intake.summary'),
      line('intake.summaryWhat', { text: shortened }),
      line('intake.summaryTopic', { text: topic }),
      line('intake.summaryWhen', { text: draft.occurredOn ? calendarDate(draft.occurredOn, language) : notKnown }),
      line('intake.summaryRemedy', { text: draft.remedySought ?? notKnown }),
      line('intake.summaryContact', { text: this.describeContact(draft.contact, context) }),
    ];
  }

  private describeContact(contact: Contact | undefined, context: TurnContext): string {
    const { session } = this.deps;
    if (!contact) return '';
    const here = session.hereContact(context);
    if (contact.kind === here.kind && contact.value === here.value) {
      return session.text(context, 'intake.contactIsHere', { context: session.channel(context).id });
    }
    return session.text(context, contact.kind === 'email' ? 'intake.contactIsEmail' : 'intake.contactIsPhone', {
      value: contact.value,
    });
  }

  private async reviewed(step: WaterfallStepContext) {
    const draft = step.options as Draft;
    const choice = (step.result as FoundChoice).value;
    if (choice === 'send') return this.file(step, draft);
    if (choice === 'cancel') {
      await this.deps.session.say(step.context, cancelledLine(this.deps, step.context, 'cancel.intake'));
      const next: Next = { step: 'menu', ask: 'again' };
      return step.endDialog(next);
    }
    const change: FieldOptions = { draft, field: CHANGE[choice], changing: true };
    return step.replaceDialog(FIELD_WATERFALL, change);
  }

  private async file(step: WaterfallStepContext, draft: Draft) {
    const { desk, session } = this.deps;
    const { context } = step;
    let view: FiledComplaint;
    try {
      view = await desk.fileComplaint({
        requester: session.requester(context),
        contact: draft.contact as Contact,
        language: session.language(context),
        category: draft.category as string,
        description: draft.description as string,
        remedySought: draft.remedySought ?? undefined,
        occurredOn: draft.occurredOn ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      return this.askAgainAfterRefusal(step, draft, error);
    }
    await session.remember(context, view.reference);
    await this.tellFiled(context, view);
    if (this.surveysOffered()) return step.replaceDialog(SURVEY_DESK_WATERFALL, { reference: view.reference });
    return step.endDialog(await this.afterFiling(context, view.reference));
  }

  /** The optional photo or document, where the customer can send one here; else the menu. */
  private async afterFiling(context: TurnContext, reference: string): Promise<Next> {
    return (await evidenceRoom(context, this.deps, reference)) > 0 ? { step: 'evidence', reference } : { step: 'menu', ask: 'again' };
  }

  protected override sentComplaint(innerDc: DialogContext): string | undefined {
    const asking = innerDc.stack.find(({ id }) => id === SURVEY_DESK_WATERFALL);
    return (asking?.state as { options?: { reference?: string } } | undefined)?.options?.reference;
  }

  private surveysOffered(): boolean {
    return this.deps.surveys?.offered() ?? false;
  }

  /** A question of its own, after the complaint is filed: agreeing to updates is not agreeing to a survey. */
  private async askSurveyConsent(step: WaterfallStepContext) {
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        say: line('intake.surveyConsent'),
        retry: line('intake.consentRetry'),
        choices: [
          { value: 'yes', key: 'intake.yes', also: 'yes' },
          { value: 'no', key: 'intake.no', also: 'no' },
        ],
      }),
    );
  }

  private async keepSurveyConsent(step: WaterfallStepContext) {
    const { reference } = step.options as { reference: string };
    const consent = (step.result as FoundChoice).value === 'yes';
    await this.deps.surveys?.recordConsent(reference, consent, 'intake');
    await this.deps.session.say(step.context, line(consent ? 'intake.surveyConsentYes' : 'intake.surveyConsentNo'));
    return step.endDialog(await this.afterFiling(step.context, reference));
  }

  /** The core refused an answer (a contact it cannot use, say): ask for that one again, then show the summary. */
  private async askAgainAfterRefusal(step: WaterfallStepContext, draft: Draft, error: DomainError) {
    const fields = (error.details.fields as { field: string }[] | undefined) ?? [];
    const refused = fields.map(({ field }) => FIELDS.find((f) => field === f || field.startsWith(`${f}.`))).find(Boolean);
    if (!refused) {
      await this.deps.session.say(step.context, line('intake.invalidAnswer'));
      return step.replaceDialog(REVIEW_WATERFALL, draft);
    }
    await this.deps.session.say(step.context, line(refused === 'contact' ? 'intake.invalidContact' : 'intake.invalidAnswer'));
    const again: FieldOptions = { draft, field: refused, changing: true };
    return step.replaceDialog(FIELD_WATERFALL, again);
  }

  private async tellFiled(context: TurnContext, view: FiledComplaint) {
    const { session, desk, clock } = this.deps;
    const language = session.language(context);
    const { timeZone } = desk.organisation();
    const now = clock.now();
    await session.say(context, line('intake.filed'));
    await session.say(
      context,
      line('intake.reference', { reference: view.reference, spelled: spellReference(view.reference) }),
      line('intake.secretCode', { code: view.secretCode, spelled: spellReference(view.secretCode) }),
    );
    await session.say(
      context,
      line('intake.nextStep'),
      ...promisesAhead(view).map((d) => deadlineLine(d, promisedDate(d.dueAt, language, timeZone, now))),
    );
  }
}

function checkDescription(answer: string): Line | undefined {
  if (answer.trim() === '') return line('intake.describeEmpty');
  if (answer.length > DESCRIPTION_MAX) return line('intake.describeTooLong', { length: answer.length, max: DESCRIPTION_MAX });
  return undefined;
}
