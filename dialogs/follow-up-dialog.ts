import { WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DomainError } from '../src/common/domain-error.js';
import type { PendingItem } from '../src/complaints/customer-desk/customer-desk.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import { DISPUTE_DIALOG, DisputeDialog, type DisputeOptions } from './dispute-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { AskTextPrompt, DESCRIPTION_MAX } from './prompts/ask-text-prompt.js';
import { line } from './session.js';
import { isSkip, readAcceptance } from './words.js';

export const FOLLOW_UP_DIALOG = 'FOLLOW_UP_DIALOG';
const REPLY_WATERFALL = 'FOLLOW_UP_REPLY_WATERFALL';
const REASON_WATERFALL = 'FOLLOW_UP_REASON_WATERFALL';
const ACCEPT_PROMPT = 'FOLLOW_UP_ACCEPT_PROMPT';
const REASON_PROMPT = 'FOLLOW_UP_REASON_PROMPT';

/** As much as a description of what happened: an answer to staff may be as full. */
const REPLY_MAX = DESCRIPTION_MAX;

/** A status update is a message of its own, so once it is dealt with there is nothing more to offer. */
const REST: Next = { step: 'rest' };
const MENU_AGAIN: Next = { step: 'menu', ask: 'again' };

export interface FollowUpOptions {
  pending: PendingItem;
  /** The reply, when it came in an earlier message than this one (the customer was first asked what it answered). */
  said?: string;
}

interface ReplyValues {
  /** The first reply to a proposal, when it was neither yes nor no. */
  unclear?: string;
}

interface ReasonOptions {
  reference: string;
}

/**
 * The customer's reply to what staff sent them outside any dialog: the answer to a question, or yes or no to a
 * proposed response. It begins on the message that is the reply, so its first step reads rather than asks.
 */
export class FollowUpDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(FOLLOW_UP_DIALOG, deps, { cancelled: 'cancel.followUp', answersPending: true });
    const { session } = deps;
    this.addDialog(
      // Any reply ends the prompt: one that is neither yes nor no is kept for staff rather than asked about again.
      new AskChoicePrompt(ACCEPT_PROMPT, session, async (prompt) => (prompt.context.activity.text ?? '').length <= REPLY_MAX),
    )
      .addDialog(new AskTextPrompt(REASON_PROMPT, session, (answer) => (answer.length > REPLY_MAX ? line('followUp.tooLong') : undefined)))
      .addDialog(new WaterfallDialog(REPLY_WATERFALL, [this.read.bind(this), this.decided.bind(this)]))
      .addDialog(new WaterfallDialog(REASON_WATERFALL, [this.askReason.bind(this), this.reasonGiven.bind(this)]));
    if (deps.disputes) this.addDialog(new DisputeDialog(deps));
    this.initialDialogId = REPLY_WATERFALL;
  }

  private async read(step: WaterfallStepContext) {
    const { pending, said } = step.options as FollowUpOptions;
    const { context } = step;
    const { session } = this.deps;
    const text = said ?? context.activity.text ?? '';
    // A person asked for from here should hear about this complaint, whichever the conversation last spoke of.
    await session.remember(context, pending.reference);
    if (text.length > REPLY_MAX) {
      await session.say(context, line('followUp.tooLong'));
      return step.endDialog(REST);
    }
    if (pending.kind === 'question') return this.answer(step, pending.reference, text.trim());
    const accept = readAcceptance(text);
    if (accept !== undefined) return this.respond(step, pending.reference, accept, [text]);
    (step.values as ReplyValues).unclear = text;
    return step.prompt(
      ACCEPT_PROMPT,
      askOptions({
        say: line('followUp.askAccept', { reference: pending.reference }),
        retry: line('followUp.askAcceptTooLong'),
        choices: [
          { value: 'yes', key: 'followUp.yes', also: 'yes' },
          { value: 'no', key: 'followUp.no', also: 'no' },
        ],
      }),
    );
  }

  private async decided(step: WaterfallStepContext) {
    const { pending } = step.options as FollowUpOptions;
    const text = step.context.activity.text ?? '';
    const said = [(step.values as ReplyValues).unclear ?? '', text];
    const picked = step.result as FoundChoice | undefined;
    const accept = readAcceptance(text) ?? (picked ? picked.value === 'yes' : undefined);
    if (accept === undefined) return this.passOn(step, pending.reference, said);
    return this.respond(step, pending.reference, accept, said);
  }

  private async answer(step: WaterfallStepContext, reference: string, text: string) {
    const { desk, session } = this.deps;
    try {
      await desk.answerQuestion(session.requester(step.context), reference, text);
    } catch (error) {
      if (!movedOn(error)) throw error;
      return this.passOn(step, reference, [text]);
    }
    await session.say(step.context, line('followUp.answered', { reference }));
    return step.endDialog(REST);
  }

  /** `said` is everything the customer wrote about the proposal, kept for staff if it can no longer be answered. */
  private async respond(step: WaterfallStepContext, reference: string, accept: boolean, said: string[]) {
    const { desk, session } = this.deps;
    try {
      await desk.respondToProposal(session.requester(step.context), reference, accept);
    } catch (error) {
      if (!movedOn(error)) throw error;
      return this.passOn(step, reference, said);
    }
    if (accept) {
      await session.say(step.context, line('followUp.accepted', { reference }));
      return step.endDialog(REST);
    }
    await session.say(step.context, line('followUp.rejected'));
    const options: ReasonOptions = { reference };
    return step.replaceDialog(REASON_WATERFALL, options);
  }

  /** What the customer wrote goes on the case for staff to read; the customer is told so, and offered the menu. */
  private async passOn(step: WaterfallStepContext, reference: string, said: string[]) {
    const { desk, session } = this.deps;
    const written = said.map((text) => text.trim()).filter((text) => text !== '');
    for (const text of written) await desk.addMessage(session.requester(step.context), reference, text);
    if (written.length > 0) await session.say(step.context, line('followUp.passedOn', { reference }));
    return step.endDialog(MENU_AGAIN);
  }

  private async askReason(step: WaterfallStepContext) {
    return step.prompt(REASON_PROMPT, askOptions({ say: line('followUp.askReason') }));
  }

  private async reasonGiven(step: WaterfallStepContext) {
    const { reference } = step.options as ReasonOptions;
    const { desk, session } = this.deps;
    const reason = ((step.result as string | undefined) ?? '').trim();
    if (isSkip(reason)) {
      await session.say(step.context, line('followUp.reasonSkipped'));
    } else {
      await desk.addMessage(session.requester(step.context), reference, reason);
      await session.say(step.context, line('followUp.reasonNoted', { reference }));
    }
    // what the customer can do now, where anything offers it, is shown there and then
    if (this.deps.disputes) return step.replaceDialog(DISPUTE_DIALOG, { reference, about: 'rejected' } satisfies DisputeOptions);
    return step.endDialog(REST);
  }
}

/** Staff moved the case on (withdrew the proposal, closed it) between the update and the reply. */
function movedOn(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'complaint_invalid_transition';
}
