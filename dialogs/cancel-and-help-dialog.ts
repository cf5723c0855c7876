import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogReason,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { PendingItem } from '../src/complaints/customer-desk/customer-desk.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { handOff, sayHelp } from './hand-off.js';
import type { MessageKey } from './messages/messages.js';
import { samePending, WHICH_ANSWER_DIALOG, type WhichAnswerOptions, type WhichAnswerResult } from './pending-watch.js';
import { line, type Line } from './session.js';
import { nextForIntent } from './intent-routes.js';
import { recogniseIntent, type IntentKind } from './intents.js';
import { recogniseChoice, waitingChoices } from './prompts/ask-choice-prompt.js';
import { recogniseCommand } from './words.js';
import { answersFirstQuestion, SURVEY_DIALOG, SURVEY_WHICH_DIALOG, type SurveyWhichOptions } from './survey-which.js';

export interface Interruptions {
  /** What "cancel" says here: filing stops with nothing sent, a status check just stops. */
  cancelled: MessageKey;
  /**
   * Whether asking for a person lets this dialog carry on: a half-told complaint is kept, so that the person has
   * something to pick up.
   */
  carriesOnAfterHandOff?: boolean;
  /**
   * Whether this dialog itself reads replies to what staff sent (the menu, the follow-up). Any other dialog asks the
   * customer which one they meant when staff send something new while it is open, so that no answer is lost.
   */
  answersPending?: boolean;
  /** The request this dialog already serves: asked for again here, the question is simply asked again. */
  serves?: IntentKind;
  /** Whether this dialog is the satisfaction survey, or asks about it: it does not ask which one was meant. */
  answersSurvey?: boolean;
  /** Where the conversation rests between requests (the menu): a reply to a survey sent meanwhile is the survey's. */
  restsHere?: boolean;
}

/** Kept beside the inner dialogs' state. */
interface WatchState {
  /** What waited for the customer when this dialog began, or when they were last asked about it. */
  pendingSeen?: PendingItem | null;
  /** The satisfaction survey that waited when this dialog began, or that the customer was last asked about. */
  surveySeen?: string | null;
}

/** What "cancel" says, with how long what the customer wrote is kept (a cancelled complaint's words are not sent). */
export function cancelledLine({ desk, session }: DialogDeps, context: TurnContext, key: MessageKey): Line {
  return line(key, { days: desk.organisation().keptDays[session.channel(context).keptUnder] });
}

/**
 * Base of every dialog that asks the customer something (the 13.core-bot CancelAndHelpDialog): before the active
 * prompt sees a message, it checks for help, cancel, start again, menu, talk to a person and a change of language.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  protected constructor(
    dialogId: string,
    protected readonly deps: DialogDeps,
    private readonly interruptions: Interruptions,
  ) {
    super(dialogId);
  }

  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const state = outerDc.activeDialog?.state as WatchState;
    const requester = this.deps.session.requester(outerDc.context);
    if (!this.interruptions.answersPending) state.pendingSeen = await this.deps.desk.pendingFor(requester);
    if (!this.interruptions.answersSurvey && this.deps.surveys) state.surveySeen = (await this.deps.surveys.waitingFor(requester.key))?.id ?? null;
    return super.beginDialog(outerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (
      (await this.interrupt(innerDc)) ??
      (await this.askWhichAnswer(innerDc)) ??
      (await this.askAboutSurvey(innerDc)) ??
      super.onContinueDialog(innerDc)
    );
  }

  /**
   * A satisfaction survey came while this dialog was open, and the message reads as an answer to its first question
   * (a bare number, "skip"): the customer is asked, once, whether it was meant for the survey, so neither loses it.
   * Where the conversation rests (the menu), the survey's question is the last one asked, so the answer is its.
   */
  private async askAboutSurvey(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    const outerDc = innerDc.parent;
    const { surveys, session } = this.deps;
    if (this.interruptions.answersSurvey || !surveys || !outerDc || activity.type !== ActivityTypes.Message || !activity.text) return undefined;
    const state = outerDc.activeDialog?.state as WatchState;
    const waiting = await surveys.waitingFor(session.requester(innerDc.context).key);
    if (!waiting || state.surveySeen === waiting.id || !answersFirstQuestion(waiting, activity.text)) return undefined;
    state.surveySeen = waiting.id;
    const options: SurveyWhichOptions = { survey: waiting, said: activity.text };
    return outerDc.beginDialog(this.interruptions.restsHere ? SURVEY_DIALOG : SURVEY_WHICH_DIALOG, options);
  }

  /** Back from asking which one the customer meant: ask our own question again, or leave as they asked. */
  override async resumeDialog(outerDc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const leave = result as WhichAnswerResult;
    if (leave) return outerDc.endDialog(leave);
    return super.resumeDialog(outerDc, reason, result);
  }

  /**
   * Staff sent something that waits for an answer (a question, a proposal) since this dialog began: the message may
   * be that answer rather than one to our prompt, so the customer is asked, once for each new thing, which they meant.
   */
  private async askWhichAnswer(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    const outerDc = innerDc.parent;
    if (this.interruptions.answersPending || !outerDc || activity.type !== ActivityTypes.Message || !activity.text) return undefined;
    const state = outerDc.activeDialog?.state as WatchState;
    const pending = await this.deps.desk.pendingFor(this.deps.session.requester(innerDc.context));
    if (!pending || samePending(state.pendingSeen, pending)) return undefined;
    state.pendingSeen = pending;
    const options: WhichAnswerOptions = { pending, said: activity.text };
    return outerDc.beginDialog(WHICH_ANSWER_DIALOG, options);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type !== ActivityTypes.Message || !activity.text) return undefined;
    const command = recogniseCommand(activity.text);
    if (!command) return this.followIntent(innerDc, activity.text);
    const { context } = innerDc;
    const { session } = this.deps;

    switch (command.kind) {
      case 'help':
        await sayHelp(context, this.deps);
        return this.askAgain(innerDc);
      case 'language':
        await session.setLanguage(context, command.language);
        await session.say(context, line('language.switched'));
        return this.askAgain(innerDc);
      case 'cancel': {
        const sent = this.sentComplaint(innerDc);
        await session.say(context, sent ? line('cancel.afterSending', { reference: sent }) : cancelledLine(this.deps, context, this.interruptions.cancelled));
        return this.leave(innerDc, { step: 'menu', ask: 'again' });
      }
      case 'restart':
        return this.leave(innerDc, { step: 'menu', greet: true });
      case 'menu':
        return this.leave(innerDc, { step: 'menu', ask: 'first' });
      case 'person': {
        const { reached, reference } = await handOff(context, this.deps);
        if (this.interruptions.carriesOnAfterHandOff) {
          await session.say(context, line(reached || reference ? 'handOff.carryOn' : 'handOff.finishHere'));
          return this.askAgain(innerDc);
        }
        return this.leave(innerDc, { step: 'menu', ask: reached || reference ? 'again' : 'afterHandOffNoCase' });
      }
    }
  }

  /**
   * A request in the customer's own words: at a choice, when it picks none of them; at a question answered in words,
   * only when the message is the request and nothing more, since "I want to complain about the driver" is an answer.
   */
  private async followIntent(innerDc: DialogContext, text: string): Promise<DialogTurnResult | undefined> {
    const intent = recogniseIntent(text);
    if (!intent) return undefined;
    const { context } = innerDc;
    const { session } = this.deps;
    const choices = waitingChoices(innerDc, session);
    if (choices ? recogniseChoice(context, session, choices) : !intent.whole) return undefined;
    if (intent.kind === this.interruptions.serves && !intent.reference) return this.askAgain(innerDc);
    // once the complaint is sent there is nothing half-told to keep: "cancel my complaint" means the one just sent
    if (!this.interruptions.carriesOnAfterHandOff || this.sentComplaint(innerDc)) return this.leave(innerDc, nextForIntent(intent));
    if (intent.kind === 'withdraw' && !intent.reference) {
      // "cancel my complaint" while telling it: the one being told, which nobody has yet
      await session.say(context, line(this.interruptions.cancelled));
      return this.leave(innerDc, { step: 'menu', ask: 'again' });
    }
    // a half-told complaint is kept: a person picks it up, and anything else waits for the customer to say "menu"
    if (intent.kind === 'person') {
      const { reached, reference } = await handOff(context, this.deps);
      await session.say(context, line(reached || reference ? 'handOff.carryOn' : 'handOff.finishHere'));
    } else {
      await session.say(context, line('intake.busy'));
    }
    return this.askAgain(innerDc);
  }

  /**
   * The complaint this dialog has already sent while it still asks something after it (intake's survey question), so
   * that "cancel" there stops the questions and does not say the complaint was not sent.
   */
  protected sentComplaint(_innerDc: DialogContext): string | undefined {
    return undefined;
  }

  private async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /** Ends this dialog, and everything under it, telling the main dialog where to go. */
  private async leave(innerDc: DialogContext, next: Next): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result: next };
  }
}
