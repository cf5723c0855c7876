import { ActionTypes, type TurnContext } from 'botbuilder';
import { Dialog, DialogReason, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { WaitingSurvey } from '../src/satisfaction/survey-desk.js';
import { QUESTIONS, readAnswer, readConsent, SHORT_QUESTIONS, type QuestionId } from '../src/satisfaction/survey-questions.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import type { MessageKey } from './messages/messages.js';
import { line, type Line } from './session.js';

import { SURVEY_DIALOG } from './survey-which.js';

export { SURVEY_DIALOG };
const SURVEY_QUESTIONS = 'SURVEY_QUESTIONS';

export interface SurveyOptions {
  survey: WaitingSurvey;
  /** A reply that came before the survey was asked here: the answer to its first question, which the survey message asked. */
  said?: string;
}

/** What is asked: the survey's questions, after "may we?" where the customer was never asked. */
type Step = QuestionId | 'consent';

interface QuestionsState {
  survey: WaitingSurvey;
  questions: Step[];
  index: number;
  /** A reply that did not fit was asked about once already: the next one that does not fit leaves the question. */
  retried: boolean;
}

const SCALE_LABELS: Record<string, string[]> = {
  handling: ['1', '2', '3', '4', '5'],
  outcome: ['1', '2', '3', '4', '5'],
  effort: ['1', '2', '3', '4', '5', '6', '7'],
};

/**
 * Asks a customer how we did, one short question at a time: how the complaint was handled, the outcome (separately),
 * how easy it was, whether we kept our dates, and anything else. Where the channel has no buttons (SMS) it asks the
 * first three that matter most with numbered answers in the text. Each answer is kept at once; "skip" moves on; a
 * reply that does not fit is asked about once, then the question is left.
 */
export class SurveyDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(SURVEY_DIALOG, deps, { cancelled: 'cancel.survey', answersSurvey: true });
    this.addDialog(new SurveyQuestions(deps));
    this.initialDialogId = SURVEY_QUESTIONS;
  }

  override async beginDialog(outerDc: DialogContext, options?: SurveyOptions): Promise<DialogTurnResult> {
    if (options) (outerDc.activeDialog?.state as { surveyId?: string }).surveyId = options.survey.id;
    return super.beginDialog(outerDc, options);
  }

  /** However it ends (the last answer, "cancel", "start again"), what was said is kept and staff see it. */
  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    await super.endDialog(context, instance, reason);
    const { surveyId } = instance.state as { surveyId?: string };
    if (surveyId) await this.deps.surveys?.finish(surveyId);
  }
}

class SurveyQuestions extends Dialog {
  constructor(private readonly deps: DialogDeps) {
    super(SURVEY_QUESTIONS);
  }

  override async beginDialog(dc: DialogContext, options?: SurveyOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('The survey dialog needs the survey it asks');
    const buttons = this.deps.session.capabilities(dc.context).buttons;
    const questions: Step[] = [...(options.survey.askingConsent ? (['consent'] as const) : []), ...(buttons ? QUESTIONS : SHORT_QUESTIONS)];
    const state: QuestionsState = { survey: options.survey, questions, index: 0, retried: false };
    (dc.activeDialog as DialogInstance).state = state;
    if (options.said !== undefined) return this.take(dc, state, options.said);
    await this.ask(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = (dc.activeDialog as DialogInstance).state as QuestionsState;
    return this.take(dc, state, dc.context.activity.text ?? '');
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, instance.state as QuestionsState);
  }

  private async take(dc: DialogContext, state: QuestionsState, reply: string): Promise<DialogTurnResult> {
    const { surveys } = this.deps;
    const question = state.questions[state.index];
    if (question === 'consent') return this.takeConsent(dc, state, reply);
    const read = readAnswer(question, reply);
    if (read.kind === 'misfit' && !state.retried) {
      state.retried = true;
      await this.ask(dc.context, state, line('survey.retry'));
      return Dialog.EndOfTurn;
    }
    if (read.kind === 'answer') await surveys?.answer(state.survey.id, read.answer);
    state.index += 1;
    state.retried = false;
    if (state.index < state.questions.length) {
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    await this.deps.session.say(dc.context, line('survey.thanks'));
    const next: Next = { step: 'rest' };
    return dc.endDialog(next);
  }

  /** A yes goes on to the questions; a no, or a second reply that is neither, ends it with nothing more asked. */
  private async takeConsent(dc: DialogContext, state: QuestionsState, reply: string): Promise<DialogTurnResult> {
    const { surveys, session } = this.deps;
    const consent = readConsent(reply);
    if (consent === 'misfit' && !state.retried) {
      state.retried = true;
      await this.ask(dc.context, state, line('survey.retry'));
      return Dialog.EndOfTurn;
    }
    if (consent === 'yes') {
      await surveys?.consent(state.survey.id, true);
      state.index += 1;
      state.retried = false;
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    if (consent === 'no') await surveys?.consent(state.survey.id, false);
    await session.say(dc.context, line('intake.surveyConsentNo'));
    const next: Next = { step: 'rest' };
    return dc.endDialog(next);
  }

  private async ask(context: TurnContext, state: QuestionsState, before?: Line): Promise<void> {
    const { session } = this.deps;
    const question = state.questions[state.index];
    const buttons = session.capabilities(context).buttons;
    const key = `survey.${question}` as MessageKey;
    const asked = line(key, { reference: state.survey.reference, ...(buttons ? { context: 'buttons' } : {}) });
    const activity = { ...session.activity(context, before ? [before, asked] : [asked]), inputHint: 'expectingInput' };
    if (buttons) {
      const labels = [...(this.labels(context, question)), session.text(context, 'survey.skip')];
      activity.suggestedActions = { to: [], actions: labels.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label })) };
    }
    await context.sendActivity(activity);
  }

  private labels(context: TurnContext, question: Step): string[] {
    const { session } = this.deps;
    if (question === 'consent') return [session.text(context, 'survey.yes'), session.text(context, 'survey.no')];
    if (question === 'datesKept') return [session.text(context, 'survey.yes'), session.text(context, 'survey.no'), session.text(context, 'survey.notSure')];
    return SCALE_LABELS[question] ?? [];
  }
}
