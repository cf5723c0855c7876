import type { TurnContext } from 'botbuilder';
import { ListStyle, TextPrompt, type PromptOptions, type PromptValidatorContext } from 'botbuilder-dialogs';
import type { Line, Session } from '../session.js';
import { askOf, choicesOf, promptActivity, type AskState } from './ask.js';

/** Room for a full account of what happened, but not for a pasted document. */
export const DESCRIPTION_MAX = 2000;
/** Any other typed answer: a remedy, a phone number, an email address, a reference, a proof. */
export const ANSWER_MAX = 500;

/** Says what is wrong with an answer, or nothing when it will do. */
export type AnswerCheck = (answer: string, prompt: PromptValidatorContext<string>) => Line | undefined;

/**
 * A TextPrompt worded at the moment it is sent. Its validator keeps the reason an answer was refused in the
 * prompt's state, and the retry says exactly that ("That is too long for me...") rather than a generic "try again";
 * suggestions, if any, are offered again with it.
 */
export class AskTextPrompt extends TextPrompt {
  constructor(
    dialogId: string,
    private readonly session: Session,
    check: AnswerCheck,
  ) {
    super(dialogId, async (prompt) => {
      const answer = prompt.recognized.succeeded ? (prompt.recognized.value ?? '') : '';
      const problem = check(answer, prompt);
      (prompt.state as AskState).problem = problem;
      return problem === undefined;
    });
  }

  protected override async onPrompt(context: TurnContext, state: AskState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const ask = askOf(options);
    const activity = promptActivity(context, this.session, [isRetry ? (state.problem ?? ask.retry ?? ask.say) : ask.say]);
    const choices = choicesOf(ask, context, this.session);
    await context.sendActivity(
      choices.length > 0 ? this.appendChoices(activity, context.activity.channelId, choices, ListStyle.suggestedAction) : activity,
    );
  }
}

/** The usual check: something, and not an essay. */
export function withinLimits(empty: Line, tooLong: Line, maxLength: number): AnswerCheck {
  return (answer) => {
    if (answer.trim() === '') return empty;
    if (answer.length > maxLength) return tooLong;
    return undefined;
  };
}
