import { ActivityTypes } from 'botbuilder';
import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogDeps, Next } from './dialog-deps.js';
import { handOff, sayHelp } from './hand-off.js';
import type { MessageKey } from './messages/messages.js';
import { line } from './session.js';
import { recogniseCommand } from './words.js';

export interface Interruptions {
  /** What "cancel" says here: filing stops with nothing sent, a status check just stops. */
  cancelled: MessageKey;
  /**
   * Whether asking for a person lets this dialog carry on: a half-told complaint is kept, so that the person has
   * something to pick up.
   */
  carriesOnAfterHandOff?: boolean;
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

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type !== ActivityTypes.Message || !activity.text) return undefined;
    const command = recogniseCommand(activity.text);
    if (!command) return undefined;
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
      case 'cancel':
        await session.say(context, line(this.interruptions.cancelled));
        return this.leave(innerDc, { step: 'menu', ask: 'again' });
      case 'restart':
        return this.leave(innerDc, { step: 'menu', greet: true });
      case 'menu':
        return this.leave(innerDc, { step: 'menu', ask: 'first' });
      case 'person': {
        const reference = await handOff(context, this.deps);
        if (this.interruptions.carriesOnAfterHandOff) {
          await session.say(context, line(reference ? 'handOff.carryOn' : 'handOff.finishHere'));
          return this.askAgain(innerDc);
        }
        return this.leave(innerDc, { step: 'menu', ask: reference ? 'again' : 'afterHandOffNoCase' });
      }
    }
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
