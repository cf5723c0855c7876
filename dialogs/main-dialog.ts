import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CASE_CHANGE_DIALOG, CaseChangeDialog, type CaseChangeOptions } from './case-change-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { DISPUTE_DIALOG, DisputeDialog, type DisputeOptions } from './dispute-dialog.js';
import { EVIDENCE_DIALOG, EvidenceDialog, type EvidenceOptions } from './evidence-dialog.js';
import { FOLLOW_UP_DIALOG, FollowUpDialog, type FollowUpOptions } from './follow-up-dialog.js';
import { handOff, sayHelp } from './hand-off.js';
import { INTAKE_DIALOG, IntakeDialog } from './intake-dialog.js';
import { MENU_DIALOG, MenuDialog, type MenuOptions } from './menu-dialog.js';
import { line } from './session.js';
import { STATUS_DIALOG, StatusDialog } from './status-dialog.js';
import { SURVEY_DIALOG, SurveyDialog, type SurveyOptions } from './survey-dialog.js';
import { SurveyWhichDialog } from './survey-which-dialog.js';
import { WhichAnswerDialog } from './which-answer-dialog.js';

export const MAIN_DIALOG = 'MAIN_DIALOG';
const MAIN_WATERFALL = 'MAIN_WATERFALL';

/**
 * Goes round the menu until a dialog leaves the conversation at rest: each dialog it starts ends by saying where to go
 * next. It asks nothing itself, so every question the customer sees is in a dialog that handles interruptions.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(new MenuDialog(deps))
      .addDialog(new IntakeDialog(deps))
      .addDialog(new StatusDialog(deps))
      .addDialog(new FollowUpDialog(deps))
      .addDialog(new WhichAnswerDialog(deps))
      .addDialog(new CaseChangeDialog(deps))
      .addDialog(new SurveyDialog(deps))
      .addDialog(new SurveyWhichDialog(deps))
      .addDialog(new DisputeDialog(deps))
      .addDialog(new EvidenceDialog(deps))
      .addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.go.bind(this), this.loop.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  private async go(step: WaterfallStepContext) {
    const next = (step.options as Next | undefined) ?? { step: 'menu', greet: true };
    (step.values as { began?: Next }).began = next;
    const menu = (options: MenuOptions) => step.beginDialog(MENU_DIALOG, options);
    switch (next.step) {
      case 'menu':
        return menu({ greet: next.greet, ask: next.ask ?? (next.greet ? 'first' : 'again') });
      case 'file':
        return step.beginDialog(INTAKE_DIALOG);
      case 'check':
        return step.beginDialog(STATUS_DIALOG, next.reference ? { reference: next.reference } : undefined);
      case 'person': {
        if (next.about) await this.deps.session.say(step.context, line(`intent.${next.about}`));
        const { reached, reference } = await handOff(step.context, this.deps);
        return menu({ ask: reached || reference ? 'again' : 'afterHandOffNoCase' });
      }
      case 'reopen':
      case 'withdraw': {
        const options: CaseChangeOptions = { kind: next.step };
        return step.beginDialog(CASE_CHANGE_DIALOG, options);
      }
      case 'help':
        await sayHelp(step.context, this.deps);
        return menu({ ask: 'again' });
      case 'followUp': {
        const options: FollowUpOptions = { pending: next.pending };
        return step.beginDialog(FOLLOW_UP_DIALOG, options);
      }
      case 'survey': {
        const options: SurveyOptions = { survey: next.survey, said: next.said };
        return step.beginDialog(SURVEY_DIALOG, options);
      }
      case 'dispute': {
        const options: DisputeOptions = { about: next.about, ...(next.reference ? { reference: next.reference } : {}) };
        return step.beginDialog(DISPUTE_DIALOG, options);
      }
      case 'evidence': {
        const options: EvidenceOptions = { reference: next.reference };
        return step.beginDialog(EVIDENCE_DIALOG, options);
      }
      case 'rest':
        return step.endDialog();
    }
  }

  private async loop(step: WaterfallStepContext) {
    let next = (step.result as Next | undefined) ?? { step: 'menu', ask: 'again' };
    const { began } = step.values as { began?: Next };
    const { surveys, session } = this.deps;
    if (began?.step !== 'survey' && surveys && (next.step === 'menu' || next.step === 'rest')) {
      // a survey that came while another dialog ran, or waited while one did, is asked once that dialog is done
      const waiting = await surveys.waitingFor(session.requester(step.context).key);
      if (waiting) {
        await session.say(step.context, line('survey.beforeYouGo', { reference: waiting.reference }));
        next = { step: 'survey', survey: waiting };
      }
    }
    return step.replaceDialog(MAIN_WATERFALL, next);
  }
}
