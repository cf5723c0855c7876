import { ComponentDialog, WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDeps } from './dialog-deps.js';
import { askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { line } from './session.js';
import { SURVEY_DIALOG, type SurveyOptions } from './survey-dialog.js';
import { SURVEY_WHICH_DIALOG, type SurveyWhichOptions } from './survey-which.js';

export { answersFirstQuestion } from './survey-which.js';

const WHICH_WATERFALL = 'SURVEY_WHICH_WATERFALL';
const WHICH_PROMPT = 'SURVEY_WHICH_PROMPT';

/**
 * The survey asked its first question while another dialog was open, and the customer's message could answer either:
 * we ask which they meant. Either way nothing is lost: the survey takes the answer, or the dialog carries on, and
 * the dialog underneath then asks its own question again. It takes no "cancel" or "help" itself: the survey it starts
 * does, and those words here would be the survey's, not the dialog's underneath.
 */
export class SurveyWhichDialog extends ComponentDialog {
  constructor(deps: DialogDeps) {
    super(SURVEY_WHICH_DIALOG);
    this.addDialog(new AskChoicePrompt(WHICH_PROMPT, deps.session)).addDialog(
      new WaterfallDialog(WHICH_WATERFALL, [this.ask.bind(this), this.chosen.bind(this), this.done.bind(this)]),
    );
    this.initialDialogId = WHICH_WATERFALL;
  }

  private async ask(step: WaterfallStepContext) {
    const { survey } = step.options as SurveyWhichOptions;
    return step.prompt(
      WHICH_PROMPT,
      askOptions({
        say: line('survey.which', { reference: survey.reference }),
        retry: line('survey.whichRetry'),
        choices: [
          { value: 'survey', key: 'survey.itIsSurvey', also: 'yes' },
          { value: 'carryOn', key: 'survey.carryOn', also: 'no' },
        ],
      }),
    );
  }

  private async chosen(step: WaterfallStepContext) {
    const { survey, said } = step.options as SurveyWhichOptions;
    if ((step.result as FoundChoice).value !== 'survey') return step.endDialog();
    const options: SurveyOptions = { survey, said };
    return step.beginDialog(SURVEY_DIALOG, options);
  }

  /** However the survey ended, the dialog underneath picks up where it was. */
  private async done(step: WaterfallStepContext) {
    return step.endDialog();
  }
}
