import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from './cancel-and-help-dialog.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { arrivedFiles, filesAccepted, spokenSize } from './evidence-files.js';
import { askOptions } from './prompts/ask.js';
import { AskTextPrompt } from './prompts/ask-text-prompt.js';
import { line, type Line } from './session.js';
import { isDone } from './words.js';

export const EVIDENCE_DIALOG = 'EVIDENCE_DIALOG';
const EVIDENCE_WATERFALL = 'EVIDENCE_WATERFALL';
const EVIDENCE_PROMPT = 'EVIDENCE_PROMPT';

const AFTER: Next = { step: 'menu', ask: 'again' };

export interface EvidenceOptions {
  reference: string;
  /** After a file: the customer is asked for another rather than told the limits again. */
  another?: boolean;
}

/**
 * How many more files a complaint may take, where the customer can send us files this way and the complaint can
 * take any; zero when nobody should be asked for one.
 */
export async function evidenceRoom(context: TurnContext, deps: DialogDeps, reference: string): Promise<number> {
  if (!deps.evidence || !filesAccepted(context.activity)) return 0;
  return deps.evidence.remaining(reference);
}

/**
 * The optional step after a complaint is made: a photo or document that shows what happened. The files themselves
 * are taken before any dialog sees the message (RedressBot); this step asks, says how many more may come, and ends
 * on "skip" or "done".
 */
export class EvidenceDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super(EVIDENCE_DIALOG, deps, { cancelled: 'cancel.evidence' });
    this.addDialog(new AskTextPrompt(EVIDENCE_PROMPT, deps.session, (answer, prompt) => checkAnswer(answer, prompt.context)))
      .addDialog(new WaterfallDialog(EVIDENCE_WATERFALL, [this.ask.bind(this), this.answered.bind(this)]));
    this.initialDialogId = EVIDENCE_WATERFALL;
  }

  private async ask(step: WaterfallStepContext) {
    const { reference, another } = step.options as EvidenceOptions;
    const room = await evidenceRoom(step.context, this.deps, reference);
    if (room === 0) {
      if (another) await this.deps.session.say(step.context, line('evidence.full', { reference }));
      return step.endDialog(AFTER);
    }
    const accepts = filesAccepted(step.context.activity) ?? 'photos';
    const say: Line = another
      ? line('evidence.another', { count: room })
      : line('evidence.ask', { context: accepts, count: room, size: spokenSize(this.deps.evidence?.limits().maxFileBytes ?? 0) });
    return step.prompt(EVIDENCE_PROMPT, askOptions({ say, retry: line('evidence.retry', { context: accepts }) }));
  }

  private async answered(step: WaterfallStepContext) {
    const { reference } = step.options as EvidenceOptions;
    if (arrivedFiles(step.context.activity).length > 0) {
      const again: EvidenceOptions = { reference, another: true };
      return step.replaceDialog(EVIDENCE_WATERFALL, again);
    }
    await this.deps.session.say(step.context, line('evidence.skipped'));
    return step.endDialog(AFTER);
  }
}

/** The files were the answer; else only "skip", "done", "no" and the like end the step. */
function checkAnswer(answer: string, context: TurnContext): Line | undefined {
  if (arrivedFiles(context.activity).length > 0 || isDone(answer)) return undefined;
  return line('evidence.retry', { context: filesAccepted(context.activity) ?? 'photos' });
}
