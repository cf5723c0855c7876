import { WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { line } from './session.js';

export const MENU_DIALOG = 'MENU_DIALOG';
const MENU_WATERFALL = 'MENU_WATERFALL';
const MENU_PROMPT = 'MENU_PROMPT';

export interface MenuOptions {
  greet?: boolean;
  ask?: 'first' | 'again' | 'afterHandOffNoCase';
}

/** The greeting and the four things the assistant does. */
export class MenuDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(MENU_DIALOG, deps, { cancelled: 'cancel.nothing' });
    this.addDialog(new AskChoicePrompt(MENU_PROMPT, deps.session)).addDialog(
      new WaterfallDialog(MENU_WATERFALL, [this.offer.bind(this), this.chosen.bind(this)]),
    );
    this.initialDialogId = MENU_WATERFALL;
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
    return step.prompt(
      MENU_PROMPT,
      askOptions({
        say: line(`menu.${options.ask ?? 'first'}`),
        retry: line('menu.retry'),
        choices: [
          { value: 'file', key: 'menu.file' },
          { value: 'check', key: 'menu.check' },
          { value: 'person', key: 'menu.person' },
          { value: 'help', key: 'menu.help' },
        ],
      }),
    );
  }

  private async chosen(step: WaterfallStepContext) {
    const next: Next = { step: (step.result as FoundChoice).value as 'file' | 'check' | 'person' | 'help' };
    return step.endDialog(next);
  }
}
