import type { TurnContext } from 'botbuilder';
import {
  PromptCultureModels,
  recognizeChoices,
  WaterfallDialog,
  type FoundChoice,
  type PromptOptions,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CustomerCaseView, LookUpResult } from '../src/complaints/customer-desk/customer-desk.js';
import { OPEN_STATUSES } from '../src/complaints/domain/complaint.js';
import { parseReference, spellReference, type ReferenceParse } from '../src/complaints/domain/reference.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { evidenceRoom } from './evidence-dialog.js';
import { filesAccepted, spokenSize } from './evidence-files.js';
import { promisedDate } from './plain-dates.js';
import { deadlineLine } from './promises.js';
import { askOf, askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { ANSWER_MAX, AskTextPrompt, withinLimits } from './prompts/ask-text-prompt.js';
import { line, type Line } from './session.js';

export const STATUS_DIALOG = 'STATUS_DIALOG';
const REFERENCE_WATERFALL = 'STATUS_REFERENCE_WATERFALL';
const PROOF_WATERFALL = 'STATUS_PROOF_WATERFALL';
const THROTTLED_WATERFALL = 'STATUS_THROTTLED_WATERFALL';
const REFERENCE_PROMPT = 'STATUS_REFERENCE_PROMPT';
const PROOF_PROMPT = 'STATUS_PROOF_PROMPT';
const CHOICE_PROMPT = 'STATUS_CHOICE_PROMPT';

/** Enough of this conversation's own complaints to choose from on a phone screen. */
const OFFERED_MAX = 5;

/** Cultures for number words and ordinals: "two", "the second", "dos", "la segunda". */
const NUMBER_CULTURES = [PromptCultureModels.English.locale, PromptCultureModels.Spanish.locale];

/**
 * A reference as typed, or one of those offered picked by its number: SMS shows suggestions as a numbered list and
 * people answer "1", "two" or "la segunda". Anything with a digit in it other than a bare number is taken as an
 * attempt at a reference, so a half-typed "9P2X" is never mistaken for "pick number 2".
 */
export function readReference(answer: string, offered: string[]): ReferenceParse {
  const parsed = parseReference(answer);
  if (parsed.ok || parsed.reason !== 'length' || offered.length === 0) return parsed;
  if (/\d/.test(answer) && !/^\s*\d{1,2}\s*\.?\s*$/.test(answer)) return parsed;
  for (const locale of NUMBER_CULTURES) {
    const [picked] = recognizeChoices(answer, offered, { locale });
    if (picked) return { ok: true, reference: picked.resolution.value };
  }
  return parsed;
}

/**
 * Tells a customer where their complaint has got to. A complaint made in another conversation needs proof first,
 * and every failure is answered alike, so that nobody learns whether a reference exists.
 */
export class StatusDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(STATUS_DIALOG, deps, { cancelled: 'cancel.status', serves: 'check' });
    const { session } = deps;
    this.addDialog(new AskChoicePrompt(CHOICE_PROMPT, session))
      .addDialog(new AskTextPrompt(REFERENCE_PROMPT, session, (answer, prompt) => checkReference(answer, offeredIn(prompt.options))))
      .addDialog(new AskTextPrompt(PROOF_PROMPT, session, withinLimits(line('status.proofEmpty'), line('intake.tooLong'), ANSWER_MAX)))
      .addDialog(new WaterfallDialog(REFERENCE_WATERFALL, [this.askReference.bind(this), this.lookUp.bind(this)]))
      .addDialog(new WaterfallDialog(PROOF_WATERFALL, [this.askProof.bind(this), this.lookUpWithProof.bind(this)]))
      .addDialog(new WaterfallDialog(THROTTLED_WATERFALL, [this.offerPerson.bind(this), this.offered.bind(this)]));
    this.initialDialogId = REFERENCE_WATERFALL;
  }

  private async askReference(step: WaterfallStepContext) {
    const given = (step.options as { reference?: string } | undefined)?.reference;
    if (given) {
      (step.values as { offered: string[] }).offered = [];
      return step.next(given);
    }
    const { desk, session } = this.deps;
    const own = (await desk.casesOf(session.requester(step.context))).slice(0, OFFERED_MAX);
    (step.values as { offered: string[] }).offered = own;
    return step.prompt(
      REFERENCE_PROMPT,
      askOptions({
        say: line(own.length > 0 ? 'status.askWhich' : 'status.askReference'),
        choices: own.map((reference) => ({ value: reference, text: reference })),
      }),
    );
  }

  private async lookUp(step: WaterfallStepContext) {
    const { desk, session } = this.deps;
    const read = readReference(step.result as string, (step.values as { offered: string[] }).offered);
    // The prompt's validator let only a well-formed reference through; parsing again just gets it in standard form.
    if (!read.ok) return step.replaceDialog(REFERENCE_WATERFALL);
    const result = await desk.lookUp(read.reference, session.requester(step.context));
    return this.answer(step, read.reference, result);
  }

  private async askProof(step: WaterfallStepContext) {
    return step.prompt(PROOF_PROMPT, askOptions({ say: line('status.askProof') }));
  }

  private async lookUpWithProof(step: WaterfallStepContext) {
    const { desk, session } = this.deps;
    const { reference } = step.options as { reference: string };
    const result = await desk.lookUp(reference, session.requester(step.context), (step.result as string).trim());
    return this.answer(step, reference, result);
  }

  private async answer(step: WaterfallStepContext, reference: string, result: LookUpResult) {
    const { session } = this.deps;
    switch (result.outcome) {
      case 'found': {
        await session.remember(step.context, result.view.reference);
        await session.say(step.context, ...this.describe(result.view, step.context), ...(await this.offerEvidence(result.view, step.context)));
        // the customer is back, in a new chat: a survey that waited for them in the one they left is asked here next
        const { key, channel } = session.requester(step.context);
        await this.deps.surveys?.followCustomer(result.view.reference, key, channel);
        const next: Next = { step: 'menu', ask: 'again' };
        return step.endDialog(next);
      }
      case 'needs_proof':
        return step.replaceDialog(PROOF_WATERFALL, { reference });
      case 'no_match': {
        const lines = [line('status.noMatch'), line('status.attemptsLeft', { count: result.attemptsLeft })];
        if (result.codeOnlyMinutes !== undefined) lines.push(line('status.codeOnly', { count: result.codeOnlyMinutes }));
        await session.say(step.context, ...lines);
        return step.replaceDialog(REFERENCE_WATERFALL);
      }
      case 'throttled':
        return step.replaceDialog(THROTTLED_WATERFALL, { minutes: result.retryAfterMinutes });
    }
  }

  private describe(view: CustomerCaseView, context: TurnContext): Line[] {
    const { session, desk, clock } = this.deps;
    const lines = [line('status.header', { reference: view.reference, spelled: spellReference(view.reference) }), stageLine(view)];
    lines.push(line(`status.doing.${view.status}`));
    if (view.nextDeadline) {
      const date = promisedDate(view.nextDeadline.dueAt, session.language(context), desk.organisation().timeZone, clock.now());
      lines.push(deadlineLine(view.nextDeadline, date));
    }
    return lines;
  }

  /**
   * While the complaint is open, a file sent next is added to it (RedressBot takes files at rest for the complaint
   * last checked), so the customer is told they may.
   */
  private async offerEvidence(view: CustomerCaseView, context: TurnContext): Promise<Line[]> {
    if (!OPEN_STATUSES.includes(view.status)) return [];
    const room = await evidenceRoom(context, this.deps, view.reference);
    if (room === 0) return [];
    const size = spokenSize(this.deps.evidence?.limits().maxFileBytes ?? 0);
    return [line('evidence.offer', { context: filesAccepted(context.activity) ?? 'photos', count: room, size })];
  }

  private async offerPerson(step: WaterfallStepContext) {
    const { minutes } = step.options as { minutes: number };
    await this.deps.session.say(step.context, line('status.throttled', { count: minutes }));
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        say: line('status.offerPerson'),
        retry: line('menu.retry'),
        choices: [
          { value: 'person', key: 'status.person' },
          { value: 'not_now', key: 'status.notNow', also: 'no' },
        ],
      }),
    );
  }

  private async offered(step: WaterfallStepContext) {
    const next: Next = (step.result as FoundChoice).value === 'person' ? { step: 'person' } : { step: 'menu', ask: 'again' };
    return step.endDialog(next);
  }
}

function offeredIn(options: PromptOptions): string[] {
  return (askOf(options).choices ?? []).map((choice) => choice.value);
}

function checkReference(answer: string, offered: string[]): Line | undefined {
  if (answer.trim() === '') return line('status.referenceEmpty');
  const read = readReference(answer, offered);
  if (read.ok) return undefined;
  return line(read.reason === 'length' ? 'status.referenceShape' : 'status.referenceWrong');
}

function stageLine(view: CustomerCaseView): Line {
  switch (view.status) {
    case 'awaiting_customer':
      return view.question
        ? line('status.stage.awaiting_customer', { question: view.question })
        : line('status.stage.awaiting_customer_no_question');
    case 'response_proposed':
      return view.proposedResponse
        ? line('status.stage.response_proposed', { outcome: view.proposedResponse.outcome })
        : line('status.stage.response_proposed_no_outcome');
    default:
      return line(`status.stage.${view.status}`);
  }
}
