import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { PendingItem } from '../src/complaints/customer-desk/customer-desk.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { recogniseIntent } from './intents.js';
import { LANGUAGES, type MessageKey } from './messages/messages.js';
import { askOptions, choicesOf, type Ask } from './prompts/ask.js';
import { AskChoicePrompt, recogniseChoice } from './prompts/ask-choice-prompt.js';
import { samePending } from './pending-watch.js';
import { line, type Session } from './session.js';
import { isPhrase, recogniseCommand } from './words.js';

export const MENU_DIALOG = 'MENU_DIALOG';
const MENU_WATERFALL = 'MENU_WATERFALL';
/** Where the conversation waits between requests. */
export const MENU_PROMPT = 'MENU_PROMPT';

export interface MenuOptions {
  greet?: boolean;
  ask?: 'first' | 'again' | 'afterHandOffNoCase';
}

type MenuChoice = 'file' | 'check' | 'person' | 'help';

/** Where the network answers HELP itself (an SMS carrier's keyword), the choice is worded otherwise. */
function menuChoices(carrierKeywords: boolean): { value: MenuChoice; key: MessageKey }[] {
  return [
    { value: 'file', key: 'menu.file' },
    { value: 'check', key: 'menu.check' },
    { value: 'person', key: 'menu.person' },
    { value: 'help', key: carrierKeywords ? 'menu.howItWorks' : 'menu.help' },
  ];
}

const MENU_LABEL_KEYS: MessageKey[] = ['menu.file', 'menu.check', 'menu.person', 'menu.help', 'menu.howItWorks'];

/** The menu's own state, beside its inner dialogs. */
interface MenuState {
  /** What waited for the customer when they were last shown the menu, if anything. */
  pendingSeen?: PendingItem | null;
}

/**
 * Whether a message is the customer's reply to what waits for them (a question from staff, a proposed response)
 * rather than to the menu. Commands and the menu's own labels are never a reply. Numbers and half-typed labels are
 * a menu choice only when the customer has seen the menu since the thing they are asked about: otherwise the last
 * thing they read was the status update, and "2" is an answer to it.
 */
export function repliesToPending(context: TurnContext, session: Session, menuSeenSince: boolean): boolean {
  const text = context.activity.text ?? '';
  if (recogniseCommand(text) || recogniseIntent(text)?.whole) return false;
  const labels = MENU_LABEL_KEYS.flatMap((key) => LANGUAGES.map((language) => session.messages.text(language, key)));
  if (isPhrase(text, labels)) return false;
  return !(menuSeenSince && recogniseChoice(context, session, choicesOf(menuAsk('again', context, session), context, session)));
}

function menuAsk(ask: NonNullable<MenuOptions['ask']>, context: TurnContext, session: Session): Ask {
  return { say: line(`menu.${ask}`), retry: line('menu.retry'), choices: menuChoices(session.capabilities(context).carrierKeywords) };
}

/**
 * The greeting and the four things the assistant does. Waiting here is the conversation at rest, so a message that
 * is not a menu choice may be the reply to a status update staff sent since: it goes to the follow-up instead.
 */
export class MenuDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(MENU_DIALOG, deps, { cancelled: 'cancel.nothing', answersPending: true, restsHere: true });
    this.addDialog(new AskChoicePrompt(MENU_PROMPT, deps.session)).addDialog(
      new WaterfallDialog(MENU_WATERFALL, [this.offer.bind(this), this.chosen.bind(this)]),
    );
    this.initialDialogId = MENU_WATERFALL;
  }

  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const state = outerDc.activeDialog?.state as MenuState;
    state.pendingSeen = await this.pendingFor(outerDc.context);
    return super.beginDialog(outerDc, options);
  }

  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = outerDc;
    if (context.activity.type !== ActivityTypes.Message) return super.continueDialog(outerDc);
    const state = outerDc.activeDialog?.state as MenuState;
    const pending = await this.pendingFor(context);
    if (pending && repliesToPending(context, this.deps.session, samePending(state.pendingSeen, pending))) {
      const next: Next = { step: 'followUp', pending };
      return outerDc.endDialog(next);
    }
    if (await this.passedToPerson(context)) return Dialog.EndOfTurn;
    const result = await super.continueDialog(outerDc);
    // Still the menu: it was shown again (after help, or a retry) with whatever waits now in view.
    if (result.status === DialogTurnStatus.waiting && outerDc.activeDialog?.state === state) state.pendingSeen = pending;
    return result;
  }

  /** After asking for a person, what is neither a menu choice nor a command is for that person, not a wrong choice. */
  private async passedToPerson(context: TurnContext): Promise<boolean> {
    const { desk, session } = this.deps;
    const text = (context.activity.text ?? '').trim();
    if (!text || recogniseCommand(text) || recogniseIntent(text) || recogniseChoice(context, session, choicesOf(menuAsk('again', context, session), context, session))) return false;
    if (!(await desk.passToPerson(session.requester(context), text, await session.currentReference(context)))) return false;
    await session.say(context, line('handOff.passedOn'));
    return true;
  }

  private async pendingFor(context: TurnContext): Promise<PendingItem | null> {
    const { desk, session } = this.deps;
    return desk.pendingFor(session.requester(context));
  }

  private async offer(step: WaterfallStepContext) {
    const options = (step.options ?? {}) as MenuOptions;
    const { session, desk } = this.deps;
    if (options.greet) {
      await session.say(
        step.context,
        line('greeting.hello', { organisation: desk.organisation().name }),
        line('greeting.otherLanguage'),
      );
    }
    return step.prompt(MENU_PROMPT, askOptions(menuAsk(options.ask ?? 'first', step.context, session)));
  }

  private async chosen(step: WaterfallStepContext) {
    const next: Next = { step: (step.result as FoundChoice).value as MenuChoice };
    return step.endDialog(next);
  }
}
