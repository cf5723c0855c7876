import type { TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogEvents,
  findChoices,
  ListStyle,
  PromptCultureModels,
  recognizeChoices,
  type Choice,
  type Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogEvent,
  type DialogState,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import { LANGUAGES, type Language } from '../messages/messages.js';
import type { Session } from '../session.js';
import { isOnlyFillers, normalise, normalisePhrase } from '../words.js';
import { askOf, choicesOf, promptActivity } from './ask.js';

const CULTURES: Record<Language, string> = {
  en: PromptCultureModels.English.locale,
  es: PromptCultureModels.Spanish.locale,
};

/**
 * A ChoicePrompt that words itself in the chat's language at the moment it is sent, always as suggested actions,
 * and understands a label or a number ("2", "two", "dos") in any of our languages, whatever locale the channel
 * reported: a customer who switched to Spanish in an English browser still gets Spanish numbers understood.
 */
export class AskChoicePrompt extends ChoicePrompt {
  /** A validator may take a reply no choice matches (the step after then gets no result), or refuse a good one. */
  constructor(
    dialogId: string,
    private readonly session: Session,
    validator?: PromptValidator<FoundChoice>,
  ) {
    super(dialogId, validator);
    this.style = ListStyle.suggestedAction;
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const ask = askOf(options);
    const activity = promptActivity(context, this.session, [isRetry ? (ask.retry ?? ask.say) : ask.say]);
    const choices = choicesOf(ask, context, this.session);
    await context.sendActivity(this.appendChoices(activity, context.activity.channelId, choices, ListStyle.suggestedAction));
  }

  protected override async onRecognize(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const found = recogniseChoice(context, this.session, choicesOf(askOf(options), context, this.session));
    return found ? { succeeded: true, value: found } : { succeeded: false };
  }

  /**
   * Prompt recognises every message once here, as `activityReceived` leaves it, only to decide whether the dialogs
   * above it get to see that event; then once more in `continueDialog`. None of ours handles the event (interruptions
   * are in CancelAndHelpDialog.onContinueDialog), so that first recognition, the number recognisers of both
   * languages over the whole message, changed nothing and was the costliest part of a turn. The event stops here,
   * as a TextPrompt stops it, rather than climbing through every dialog above to be ignored by each.
   */
  protected override async onPreBubbleEvent(_dc: DialogContext, event: DialogEvent): Promise<boolean> {
    return event.name === DialogEvents.activityReceived;
  }
}

/**
 * The choice a message picks, as an AskChoicePrompt would read it: a number, a label or one of its synonyms that is
 * the whole answer, "please" and the like aside. A number or label inside a longer sentence is not a choice:
 * "I want to change 1 thing" picks nothing, and neither does "it is about the 3 extra charges".
 */
export function recogniseChoice(context: TurnContext, session: Session, choices: Choice[]): FoundChoice | undefined {
  const utterance = context.activity.text;
  if (!utterance?.trim()) return undefined;
  const current = session.language(context);
  const languages = [current, ...LANGUAGES.filter((l) => l !== current)];
  for (const language of languages) {
    const found = recognizeChoices(utterance, choices, { locale: CULTURES[language] });
    const whole = found.find((result) => isOnlyFillers(utterance.slice(0, result.start) + ' ' + utterance.slice(result.end + 1)));
    if (whole) return whole.resolution;
  }
  return partialMatch(utterance, choices);
}

/**
 * "send" for "Send it", "the date" for "Change the date": half the words of one choice, more of it than of any
 * other, and nothing but its words. Looser than that, "I want to complain" would pick "Talk to a person".
 */
function partialMatch(utterance: string, choices: Choice[]): FoundChoice | undefined {
  const found = findChoices(utterance, choices, { allowPartialMatches: true })
    .map((match) => match.resolution)
    .sort((a, b) => b.score - a.score);
  const [best, runnerUp] = found;
  if (!best || best.score < PARTIAL_MATCH_MIN) return undefined;
  if (runnerUp && runnerUp.value !== best.value && runnerUp.score >= best.score) return undefined;
  const said = normalise(utterance).split(' ');
  const label = new Set(normalisePhrase(best.synonym ?? best.value).split(' '));
  return said.every((word) => label.has(word)) ? best : undefined;
}

const PARTIAL_MATCH_MIN = 0.5;

/**
 * The choices of the prompt waiting for the customer, deepest under `dc`, or undefined when what waits is not a
 * choice (a question answered in the customer's own words).
 */
export function waitingChoices(dc: DialogContext, session: Session): Choice[] | undefined {
  // Down the stored stacks as `dc.child` goes, without making a dialog context (and its state manager) at each level.
  let find = (id: string): Dialog | undefined => dc.findDialog(id);
  let active: DialogInstance | undefined = dc.activeDialog;
  let dialog = active && find(active.id);
  while (active && dialog instanceof ComponentDialog) {
    const container: ComponentDialog = dialog;
    const outer = find;
    find = (id) => container.findDialog(id) ?? outer(id);
    active = (active.state as InnerState).dialogs?.dialogStack.at(-1);
    dialog = active && find(active.id);
  }
  if (!active || !(dialog instanceof AskChoicePrompt)) return undefined;
  const options = (active.state as { options?: PromptOptions }).options;
  return options ? choicesOf(askOf(options), dc.context, session) : [];
}

/** Where a ComponentDialog keeps the stack of the dialogs inside it, in its own instance's state. */
interface InnerState {
  dialogs?: DialogState;
}
