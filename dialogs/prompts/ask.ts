import { ActionTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Choice, PromptOptions } from 'botbuilder-dialogs';
import { LANGUAGES, type Language, type MessageKey, type Vars } from '../messages/messages.js';
import type { Line, Session } from '../session.js';
import { normalisePhrase, synonyms } from '../words.js';

/** A choice labelled from the catalogues, by the organisation in each language, or with fixed text (a reference). */
export type ChoiceSpec =
  | { value: string; key: MessageKey; vars?: Vars; also?: 'yes' | 'no' }
  | { value: string; labels: Record<Language, string> }
  | { value: string; text: string };

/**
 * What a prompt asks, kept as message keys in the dialog state rather than as text, so that a prompt repeated after
 * "help" or after the customer switches language is worded in the language of that moment.
 */
export interface Ask {
  say: Line;
  /** For choices not understood; text prompts say what was wrong through their validator instead. */
  retry?: Line;
  /** Offered as suggested actions: buttons in web chat, a numbered list on SMS. */
  choices?: ChoiceSpec[];
}

/** The prompt's own state: why the last answer was refused, set by its validator. */
export interface AskState {
  problem?: Line;
}

export function askOptions(ask: Ask): PromptOptions {
  return { validations: ask };
}

export function askOf(options: PromptOptions): Ask {
  return options.validations as Ask;
}

function labelsOf(spec: ChoiceSpec, session: Session): Record<Language, string> {
  if ('key' in spec) {
    return Object.fromEntries(LANGUAGES.map((l) => [l, session.messages.text(l, spec.key, spec.vars)])) as Record<Language, string>;
  }
  if ('labels' in spec) return spec.labels;
  return Object.fromEntries(LANGUAGES.map((l) => [l, spec.text])) as Record<Language, string>;
}

/**
 * Choices labelled in the chat's language that also answer to their labels in every other language and to their
 * synonyms. A button sends its label back (imBack), which is how Web Chat and the SMS numbering both answer.
 */
export function choicesOf(ask: Ask, context: TurnContext, session: Session): Choice[] {
  const language = session.language(context);
  return (ask.choices ?? []).map((spec) => {
    const labels = labelsOf(spec, session);
    const title = labels[language];
    const all = Object.values(labels);
    const extra = 'key' in spec && spec.also ? synonyms(spec.also) : [];
    // Without accents too: phone keyboards and hurried typists drop them ("atencion").
    const alternatives = [...all, ...all.map(normalisePhrase), ...extra].filter((label) => label !== title);
    return {
      value: spec.value,
      action: { type: ActionTypes.ImBack, title, value: title },
      synonyms: [...new Set(alternatives)],
    };
  });
}

export function promptActivity(context: TurnContext, session: Session, lines: Line[]): Partial<Activity> {
  return { ...session.activity(context, lines), inputHint: 'expectingInput' };
}
