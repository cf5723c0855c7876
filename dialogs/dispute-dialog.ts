import { WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DomainError } from '../src/common/domain-error.js';
import type { DisputeAnswer, DisputeChoiceView } from '../src/disputes/dispute-desk.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { askOptions, type ChoiceSpec } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { line } from './session.js';

export const DISPUTE_DIALOG = 'DISPUTE_DIALOG';
const DISPUTE_WATERFALL = 'DISPUTE_WATERFALL';
const CHOICE_PROMPT = 'DISPUTE_CHOICE_PROMPT';

const MENU_AGAIN: Next = { step: 'menu', ask: 'again' };
const REST: Next = { step: 'rest' };

export interface DisputeOptions {
  reference?: string;
  /** Why the options are shown: the customer asked in so many words, or has just said NO to our proposal. */
  about: 'escalate' | 'options' | 'rejected';
}

interface DisputeValues {
  view: DisputeChoiceView;
  /** The option the customer chose, while we ask whether to share their case file. */
  providerId?: string;
  /** What the second question is about. */
  asking?: 'share' | 'remind' | 'withdraw';
}

/**
 * ISO 10003 options, written once for every channel: explains each option in plain words (who, independence, cost,
 * whether it binds, how long, the last day to refer), then asks for explicit consent to refer and, separately, to
 * share the case file; or records that the customer declines, decides later (with one reminder if they want it), or
 * withdraws a consent given before. Answers are read strictly: anything that is not one of the choices is asked again.
 */
export class DisputeDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(DISPUTE_DIALOG, deps, { cancelled: 'cancel.followUp', serves: 'options' });
    this.addDialog(new AskChoicePrompt(CHOICE_PROMPT, deps.session)).addDialog(
      new WaterfallDialog(DISPUTE_WATERFALL, [this.show.bind(this), this.chosen.bind(this), this.confirmed.bind(this)]),
    );
    this.initialDialogId = DISPUTE_WATERFALL;
  }

  private async show(step: WaterfallStepContext) {
    const { reference, about } = step.options as DisputeOptions;
    const { context } = step;
    const { session, disputes } = this.deps;
    const view = disputes ? await disputes.optionsFor(session.requester(context), reference, session.language(context)) : null;
    if (!view) {
      // nothing to offer yet: someone asking to escalate is put in touch with a person, as before there were options
      if (about === 'escalate') return step.endDialog({ step: 'person', about: 'escalate' } satisfies Next);
      if (about === 'options') await session.say(context, line('dispute.nothingYet'));
      return step.endDialog(about === 'rejected' ? REST : MENU_AGAIN);
    }
    await session.remember(context, view.reference);
    (step.values as DisputeValues).view = view;
    const provider = view.chosen ?? view.options[0]?.name ?? '';
    switch (view.status) {
      case 'offered':
      case 'deferred':
        await session.say(context, line('dispute.explanation', { explanation: view.explanation }));
        return this.askChoice(step, view);
      case 'consented':
        (step.values as DisputeValues).asking = 'withdraw';
        return step.prompt(
          CHOICE_PROMPT,
          askOptions({
            say: line('dispute.consentedAlready', { reference: view.reference, provider }),
            retry: line('dispute.retry'),
            choices: [
              { value: 'withdraw', key: 'dispute.withdraw' },
              { value: 'keep', key: 'dispute.keep' },
            ],
          }),
        );
      case 'closed':
        await session.say(context, line('dispute.over', { reference: view.reference }));
        return step.endDialog(MENU_AGAIN);
      default:
        await session.say(context, line('dispute.inProgress', { reference: view.reference, provider }));
        return step.endDialog(MENU_AGAIN);
    }
  }

  private askChoice(step: WaterfallStepContext, view: DisputeChoiceView) {
    const [only] = view.options;
    const several = view.options.length > 1;
    const choices: ChoiceSpec[] = several
      ? view.options.map((option) => ({ value: option.id, text: option.name }))
      : [{ value: only.id, key: view.internalReview ? 'dispute.review' : 'dispute.refer' }];
    const say = several
      ? line('dispute.askMany', { reference: view.reference })
      : line(view.internalReview ? 'dispute.askReview' : 'dispute.askOne', { reference: view.reference, provider: only.name });
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        say,
        retry: line('dispute.retry'),
        choices: [...choices, { value: 'later', key: 'dispute.later' }, { value: 'no', key: 'dispute.no' }],
      }),
    );
  }

  private async chosen(step: WaterfallStepContext) {
    const values = step.values as DisputeValues;
    const { view } = values;
    const picked = (step.result as FoundChoice).value;
    if (values.asking === 'withdraw') {
      if (picked === 'keep') {
        await this.deps.session.say(step.context, line('dispute.kept'));
        return step.endDialog(MENU_AGAIN);
      }
      return this.record(step, { kind: 'withdraw' });
    }
    if (picked === 'no') return this.record(step, { kind: 'decline' });
    if (picked === 'later') {
      if (!view.lastDay) return this.record(step, { kind: 'defer', reminders: false });
      values.asking = 'remind';
      return step.prompt(
        CHOICE_PROMPT,
        askOptions({
          say: line('dispute.askRemind', { date: view.lastDay }),
          retry: line('dispute.retry'),
          choices: [
            { value: 'yes', key: 'dispute.remindYes', also: 'yes' },
            { value: 'no', key: 'dispute.remindNo', also: 'no' },
          ],
        }),
      );
    }
    values.providerId = picked;
    values.asking = 'share';
    const provider = view.options.find((option) => option.id === picked)?.name ?? picked;
    return step.prompt(
      CHOICE_PROMPT,
      askOptions({
        say: line('dispute.askShare', { provider }),
        retry: line('dispute.retry'),
        choices: [
          { value: 'yes', key: 'dispute.shareYes', also: 'yes' },
          { value: 'no', key: 'dispute.shareNo', also: 'no' },
        ],
      }),
    );
  }

  private async confirmed(step: WaterfallStepContext) {
    const values = step.values as DisputeValues;
    const yes = (step.result as FoundChoice).value === 'yes';
    if (values.asking === 'remind') return this.record(step, { kind: 'defer', reminders: yes });
    return this.record(step, { kind: 'consent', providerId: values.providerId as string, shareCaseFile: yes });
  }

  /** Records the answer and says what was recorded; a dispute that moved meanwhile is shown as it now stands. */
  private async record(step: WaterfallStepContext, answer: DisputeAnswer) {
    const { view } = step.values as DisputeValues;
    const { context } = step;
    const { session, disputes } = this.deps;
    let after: DisputeChoiceView;
    try {
      after = await (disputes as NonNullable<typeof disputes>).answer(session.requester(context), view.reference, answer, session.language(context));
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      return step.replaceDialog(DISPUTE_WATERFALL, { reference: view.reference, about: 'options' } satisfies DisputeOptions);
    }
    const vars = { reference: view.reference, provider: after.chosen ?? view.chosen ?? view.options[0]?.name ?? '', date: view.lastDay ?? '' };
    switch (answer.kind) {
      case 'consent':
        await session.say(context, line(answer.shareCaseFile ? 'dispute.consented' : 'dispute.consentedNoShare', vars));
        break;
      case 'decline':
        await session.say(context, line('dispute.declined', vars));
        break;
      case 'defer':
        await session.say(context, line(answer.reminders ? 'dispute.deferredRemind' : 'dispute.deferred', vars));
        break;
      case 'withdraw':
        await session.say(context, line('dispute.withdrawn', { ...vars, provider: view.chosen ?? vars.provider }));
        break;
    }
    return step.endDialog(REST);
  }
}
