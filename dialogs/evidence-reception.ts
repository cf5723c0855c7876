import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { DialogDeps } from './dialog-deps.js';
import { EVIDENCE_DIALOG } from './evidence-dialog.js';
import { spokenSize, type ArrivedFile, type EvidenceIntake, type EvidenceOutcome } from './evidence-files.js';
import { INTAKE_DIALOG, SURVEY_DESK_WATERFALL } from './intake-dialog.js';
import { MENU_PROMPT } from './menu-dialog.js';
import { line, type Line } from './session.js';

/**
 * Which complaint a file sent now belongs to. Only the complaint the conversation is about: the one just made (at
 * the evidence step) or made or proved earlier here, while the conversation is at rest. In the middle of anything
 * else the file could belong to another complaint (a new one being told, a reference being checked), so it is not
 * guessed.
 */
export type FileDestination = { kind: 'complaint'; reference: string } | { kind: 'none' } | { kind: 'beforeFiling' } | { kind: 'busy' };

export async function fileDestination(dc: DialogContext, deps: DialogDeps): Promise<FileDestination> {
  const stack = activeDialogs(dc);
  const innermost = stack.at(-1);
  // the evidence step, and the survey question asked once the complaint is filed, are about the complaint just made
  const justFiled = stack.includes(EVIDENCE_DIALOG) || stack.includes(SURVEY_DESK_WATERFALL);
  const atRest = innermost === undefined || innermost === MENU_PROMPT;
  if (!justFiled && stack.includes(INTAKE_DIALOG)) return { kind: 'beforeFiling' };
  if (!justFiled && !atRest) return { kind: 'busy' };
  const reference = await deps.session.currentReference(dc.context);
  return reference ? { kind: 'complaint', reference } : { kind: 'none' };
}

/**
 * Whether a message of files alone goes on to the dialog: a question waits for an answer (asked again, or, at the
 * evidence step, answered by the files). At rest or at the menu the account of the files is all there is to say.
 */
export function awaitsAnswer(dc: DialogContext): boolean {
  const innermost = activeDialogs(dc).at(-1);
  return innermost !== undefined && innermost !== MENU_PROMPT;
}

/** The ids of the dialogs running, outermost first, down through every component dialog. */
function activeDialogs(dc: DialogContext): string[] {
  const ids: string[] = [];
  for (let inner: DialogContext | undefined = dc; inner?.activeDialog; inner = inner.child) ids.push(inner.activeDialog.id);
  return ids;
}

/**
 * Hands each file to the evidence store and tells the customer, in one message, what became of each: kept with
 * which complaint, or refused and why. A file with nowhere to go is not kept, and the customer is told so and how
 * to give it a place.
 */
export async function receiveFiles(context: TurnContext, deps: DialogDeps, files: ArrivedFile[], destination: FileDestination): Promise<void> {
  const { session, evidence } = deps;
  if (!evidence) return session.say(context, line('evidence.notHere', { count: files.length }));
  switch (destination.kind) {
    case 'none':
      return session.say(context, line('evidence.noComplaint', { count: files.length }));
    case 'beforeFiling':
      return session.say(context, line('evidence.beforeFiling', { count: files.length }));
    case 'busy':
      return session.say(context, line('evidence.busy', { count: files.length }));
    case 'complaint':
      break;
  }
  const lines: Line[] = [];
  for (const file of files) lines.push(await fileLine(evidence, destination.reference, file));
  await session.say(context, ...lines);
}

async function fileLine(evidence: EvidenceIntake, reference: string, file: ArrivedFile): Promise<Line> {
  if (file.missing?.reason === 'unavailable') return line('evidence.unavailable');
  if (file.missing?.reason === 'too_large') return line('evidence.refused.too_large', { size: spokenSize(file.missing.limit) });
  if (!file.bytes) return line('evidence.unavailable');
  const outcome = await evidence.add(reference, { bytes: file.bytes, name: file.name }, file.origin, file.sourceKey);
  return outcomeLine(outcome, reference, evidence);
}

export function outcomeLine(outcome: EvidenceOutcome, reference: string, evidence: EvidenceIntake): Line {
  switch (outcome.status) {
    case 'stored':
      return line('evidence.added', { context: outcome.kind, reference });
    case 'duplicate':
      return line('evidence.added', { reference });
    case 'refused':
      switch (outcome.reason) {
        case 'too_large':
          return line('evidence.refused.too_large', { size: spokenSize(outcome.limit ?? evidence.limits().maxFileBytes) });
        case 'too_many':
          return line('evidence.refused.too_many', { reference, count: outcome.limit ?? evidence.limits().maxFilesPerComplaint });
        case 'unsupported_type':
          return line('evidence.refused.unsupported_type');
        case 'empty':
          return line('evidence.refused.empty');
      }
  }
}
