import { WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps } from './dialog-deps.js';
import { FOLLOW_UP_DIALOG, type FollowUpOptions } from './follow-up-dialog.js';
import { askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { WHICH_ANSWER_DIALOG, type WhichAnswerOptions } from './pending-watch.js';
import { line } from './session.js';

const WHICH_WATERFALL = 'WHICH_ANSWER_WATERFALL';
const WHICH_PROMPT = 'WHICH_ANSWER_PROMPT';

/**
 * Staff asked the customer something while another dialog was open. The customer's next message may answer either,
 * so we ask which one they meant: the answer goes to the case, or the dialog carries on. It ends with no result
 * when the dialog under it should ask its question again.
 */
export class WhichAnswerDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(WHICH_ANSWER_DIALOG, deps, { cancelled: 'cancel.followUp', answersPending: true });
    this.addDialog(new AskChoicePrompt(WHICH_PROMPT, deps.session)).addDialog(
      new WaterfallDialog(WHICH_WATERFALL, [this.ask.bind(this), this.chosen.bind(this), this.done.bind(this)]),
    );
    this.initialDialogId = WHICH_WATERFALL;
  }

  private async ask(step: WaterfallStepContext) {
    const { pending } = step.options as WhichAnswerOptions;
    return step.prompt(
      WHICH_PROMPT,
      askOptions({
        say: line(pending.kind === 'proposal' ? 'pending.whichProposal' : 'pending.whichQuestion', { reference: pending.reference }),
        retry: line('pending.retry'),
        choices: [
          { value: 'answer', key: 'pending.itIsMyAnswer' },
          { value: 'carryOn', key: 'pending.carryOn' },
        ],
      }),
    );
  }

  private async chosen(step: WaterfallStepContext) {
    const { pending, said } = step.options as WhichAnswerOptions;
    if ((step.result as FoundChoice).value !== 'answer') return step.endDialog();
    const options: FollowUpOptions = { pending, said };
    return step.beginDialog(FOLLOW_UP_DIALOG, options);
  }

  /** Whatever the follow-up ended with, the dialog underneath picks up where it was. */
  private async done(step: WaterfallStepContext) {
    return step.endDialog();
  }
}
