import type { Activity, Attachment } from 'botbuilder';
import type { EvidenceDesk, EvidenceOrigin } from '../src/evidence/evidence-desk.js';

export type { EvidenceFile, EvidenceOrigin, EvidenceOutcome } from '../src/evidence/evidence-desk.js';

/**
 * What the dialogs need of the evidence desk: its limits, and a file added to a complaint. It checks the file's type
 * and size itself and answers `refused` for a customer's bad file rather than throwing.
 */
export type EvidenceIntake = Pick<EvidenceDesk, 'limits' | 'remaining' | 'add'>;

/**
 * A file that came with the customer's message, as the channel adapter got it: its bytes, or why it has none (larger
 * than the limit while it was read, or the provider could not give it to us).
 */
export interface ArrivedFile {
  sourceKey: string;
  origin: EvidenceOrigin;
  name?: string;
  bytes?: Buffer;
  missing?: { reason: 'too_large'; limit: number } | { reason: 'unavailable' };
}

/** What the channel the message came over can take: photos only (MMS), or documents too. */
export type FilesAccepted = 'photos' | 'documents';

/** The content type of an attachment that carries an ArrivedFile; only adapters put it on an activity. */
const ARRIVED_FILE = 'application/vnd.redress.arrived-file';

interface EvidenceChannelData {
  redressFiles?: FilesAccepted;
}

/**
 * The customer's activity with its files attached, and what the channel takes, as the dialogs read them. The bytes
 * stay in memory: adapters do this to the activity they hand the bot, never to one they store.
 */
export function withFiles(activity: Partial<Activity>, files: ArrivedFile[], accepts: FilesAccepted | undefined): Partial<Activity> {
  const attachments: Attachment[] = files.map((file) => ({ contentType: ARRIVED_FILE, name: file.name, content: file }));
  const channelData = { ...(activity.channelData as object | undefined), redressFiles: accepts } satisfies EvidenceChannelData;
  // in place of whatever the activity carried (Direct Line's history keeps only the files' names)
  return { ...activity, attachments, channelData };
}

export function arrivedFiles(activity: Partial<Activity>): ArrivedFile[] {
  return (activity.attachments ?? []).filter((a) => a.contentType === ARRIVED_FILE).map((a) => a.content as ArrivedFile);
}

/**
 * Files the channel left where it keeps them (an attachment with a `contentUrl`, as Azure Bot Service channels send an
 * upload), which Redress does not fetch: the customer is told they were not kept.
 */
export function filesLeftBehind(activity: Partial<Activity>): number {
  return (activity.attachments ?? []).filter((a) => a.contentType !== ARRIVED_FILE && typeof a.contentUrl === 'string').length;
}

/** Undefined where the customer cannot send us files this way, so nobody is asked for any. */
export function filesAccepted(activity: Partial<Activity>): FilesAccepted | undefined {
  return (activity.channelData as EvidenceChannelData | undefined)?.redressFiles;
}

/** "10 MB", "500 KB": sizes as limits are spoken. */
export function spokenSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
