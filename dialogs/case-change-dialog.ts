import { WaterfallDialog, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CustomerChange, CustomerChangeResult } from '../src/complaints/customer-desk/customer-desk.js';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { promisedDate } from './plain-dates.js';
import { askOptions } from './prompts/ask.js';
import { AskChoicePrompt } from './prompts/ask-choice-prompt.js';
import { AskTextPrompt, DESCRIPTION_MAX } from './prompts/ask-text-prompt.js';
import { line, type Line } from './session.js';

export const CASE_CHANGE_DIALOG = 'CASE_CHANGE_DIALOG';
const CHANGE_WATERFALL = 'CASE_CHANGE_WATERFALL';
const CONFIRM_PROMPT = 'CASE_CHANGE_CONFIRM_PROMPT';
const REASON_PROMPT = 'CASE_CHANGE_REASON_PROMPT';

export interface CaseChangeOptions {
  kind: CustomerChange['kind'];
}

interface CaseChangeValues {
  reference: string;
}

const MENU_AGAIN: Next = { step: 'menu', ask: 'again' };
const ENDED = ['resolved', 'closed', 'withdrawn'];

/**
 * The customer withdraws their complaint, or asks for a closed or withdrawn one to be reopened: the complaint this
 * conversation last made or proved to be its own. It goes through the workflow as a staff change would, so the case
 * and its card in Slack follow; the customer is told the outcome here, or why it cannot be done.
 */
export class CaseChangeDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(CASE_CHANGE_DIALOG, deps, { cancelled: 'cancel.status' });
    const { session } = deps;
    this.addDialog(new AskChoicePrompt(CONFIRM_PROMPT, session))
      .addDialog(new AskTextPrompt(REASON_PROMPT, session, (answer) => (answer.length > DESCRIPTION_MAX ? line('caseChange.reopenTooLong') : undefined)))
      .addDialog(new WaterfallDialog(CHANGE_WATERFALL, [this.ask.bind(this), this.change.bind(this)]));
    this.initialDialogId = CHANGE_WATERFALL;
  }

  private async ask(step: WaterfallStepContext) {
    const { kind } = step.options as CaseChangeOptions;
    const { desk, session } = this.deps;
    const { context } = step;
    const requester = session.requester(context);
    const reference = (await session.currentReference(context)) ?? (await desk.casesOf(requester))[0];
    const found = reference ? await desk.lookUp(reference, requester) : undefined;
    if (!reference || found?.outcome !== 'found') {
      // a complaint this conversation has not shown to be its own: proving it is the status check's job
      await session.say(context, line('caseChange.whichFirst'));
      const check: Next = { step: 'check' };
      return step.endDialog(check);
    }
    (step.values as CaseChangeValues).reference = reference;
    const { status } = found.view;
    if (kind === 'withdraw') {
      if (ENDED.includes(status)) return this.finish(step, line('caseChange.alreadyEnded', { reference }));
      return step.prompt(
        CONFIRM_PROMPT,
        askOptions({
          say: line('caseChange.withdrawConfirm', { reference }),
          retry: line('pending.retry'),
          choices: [
            { value: 'yes', key: 'caseChange.withdrawYes', also: 'yes' },
            { value: 'no', key: 'caseChange.withdrawNo', also: 'no' },
          ],
        }),
      );
    }
    if (status !== 'closed' && status !== 'withdrawn') return this.finish(step, line('caseChange.stillOpen', { reference }));
    // known too late before the customer is asked why
    const { reopenUntil } = found.view;
    if (!reopenUntil || Date.parse(reopenUntil) < this.deps.clock.now().getTime()) return this.finish(step, line('caseChange.tooLate', { reference }));
    return step.prompt(REASON_PROMPT, askOptions({ say: line('caseChange.reopenWhy', { reference }) }));
  }

  private async change(step: WaterfallStepContext) {
    const { kind } = step.options as CaseChangeOptions;
    const { reference } = step.values as CaseChangeValues;
    const { desk, session } = this.deps;
    let change: CustomerChange;
    if (kind === 'withdraw') {
      if ((step.result as FoundChoice).value !== 'yes') return this.finish(step, line('caseChange.kept', { reference }));
      change = { kind: 'withdraw' };
    } else {
      change = { kind: 'reopen', reason: String(step.result).trim() };
    }
    const result = await desk.changeMyComplaint(session.requester(step.context), reference, change);
    return this.finish(step, ...this.outcome(step, reference, kind, result));
  }

  private outcome(step: WaterfallStepContext, reference: string, kind: CustomerChange['kind'], result: CustomerChangeResult): Line[] {
    switch (result.outcome) {
      case 'done': {
        if (kind === 'reopen') return [line('caseChange.reopened', { reference })];
        const { session, desk, clock } = this.deps;
        const until = result.reopenUntil
          ? [line('caseChange.reopenUntil', { date: promisedDate(result.reopenUntil, session.language(step.context), desk.organisation().timeZone, clock.now()) })]
          : [];
        return [line('caseChange.withdrawn', { reference }), ...until];
      }
      case 'not_now':
        return [line(kind === 'withdraw' ? 'caseChange.alreadyEnded' : 'caseChange.stillOpen', { reference })];
      case 'too_late':
        return [line('caseChange.tooLate', { reference })];
    }
  }

  private async finish(step: WaterfallStepContext, ...lines: Line[]) {
    await this.deps.session.say(step.context, ...lines);
    return step.endDialog(MENU_AGAIN);
  }
}
