import { z } from 'zod';

/** Slack's events bigger than this are not kept as they came: no note is that long, and the raw payload is stored. */
export const MAX_EVENT_BYTES = 100 * 1024;

/** A file shared with a message, as far as the case history keeps it (the file itself stays in Slack). */
export interface SharedFile {
  id: string;
  name: string;
  type: string | null;
  size: number | null;
  permalink: string | null;
}

/** What a message event in a thread means for Redress. */
export type ThreadEvent =
  | { kind: 'note'; channel: string; threadTs: string; ts: string; user: string; text: string; files: SharedFile[] }
  | { kind: 'edit'; channel: string; threadTs: string; ts: string; editedTs: string; user: string; text: string; files: SharedFile[] }
  | { kind: 'ignored' };

/** Slack's ids and timestamps are short; anything longer is not one of them. */
const id = z.string().min(1).max(64);
const file = z.looseObject({
  id,
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  filetype: z.string().optional(),
  size: z.number().optional(),
  permalink: z.string().optional(),
});
/** A person's message, as `message` events carry it and as `message_changed` nests it. */
const personsMessage = z.looseObject({
  user: id,
  ts: id,
  thread_ts: id,
  text: z.string().optional(),
  files: z.array(file).optional(),
  // A reply also sent to the channel is still a person's reply; a message with files is a `file_share`.
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  bot_id: z.undefined().optional(),
  edited: z.looseObject({ ts: id }).optional(),
});
const messageEvent = personsMessage.extend({ channel: id });
const changedEvent = z.looseObject({
  subtype: z.literal('message_changed'),
  channel: id,
  ts: id,
  message: personsMessage,
  previous_message: z.looseObject({ text: z.string().optional(), files: z.array(file).optional() }).optional(),
});

/**
 * Reads a `message` event: a person's reply in a thread (with or without files) is a note, the edit of one is a new
 * version of it; everything else (the bot's own posts, joins, deletions, top-level messages, link previews added to a
 * message) is ignored.
 */
export function readThreadEvent(event: unknown): ThreadEvent {
  const changed = changedEvent.safeParse(event);
  if (changed.success) {
    const { message, previous_message: previous } = changed.data;
    if (message.thread_ts === message.ts) return { kind: 'ignored' };
    const text = message.text ?? '';
    const files = sharedFiles(message.files);
    // Slack sends message_changed when it adds a link preview too: only a change of what was written is an edit.
    if (previous && (previous.text ?? '') === text && sameFiles(sharedFiles(previous.files), files)) return { kind: 'ignored' };
    return {
      kind: 'edit',
      channel: changed.data.channel,
      threadTs: message.thread_ts,
      ts: message.ts,
      editedTs: message.edited?.ts ?? changed.data.ts,
      user: message.user,
      text,
      files,
    };
  }
  const parsed = messageEvent.safeParse(event);
  if (!parsed.success || parsed.data.thread_ts === parsed.data.ts) return { kind: 'ignored' };
  const { channel, thread_ts: threadTs, ts, user } = parsed.data;
  return { kind: 'note', channel, threadTs, ts, user, text: parsed.data.text ?? '', files: sharedFiles(parsed.data.files) };
}

/** Where a message event is, and who wrote it, read from any message event however large: enough to answer its author. */
export function threadEventAuthor(event: unknown): { channel: string; threadTs: string; ts: string; user: string } | null {
  const e = (event ?? {}) as Record<string, unknown>;
  const inner = (e.subtype === 'message_changed' ? e.message : e) as Record<string, unknown> | undefined;
  const fields = [e.channel, inner?.thread_ts, inner?.ts, inner?.user];
  if (!fields.every((value) => typeof value === 'string' && value !== '' && value.length <= 64) || inner?.bot_id !== undefined) return null;
  const [channel, threadTs, ts, user] = fields as string[];
  return threadTs === ts ? null : { channel, threadTs, ts, user };
}

function sharedFiles(files: z.infer<typeof file>[] | undefined): SharedFile[] {
  return (files ?? []).map((f) => ({
    id: f.id,
    name: f.name ?? f.title ?? f.id,
    type: f.mimetype ?? f.filetype ?? null,
    size: f.size ?? null,
    permalink: f.permalink ?? null,
  }));
}

function sameFiles(a: SharedFile[], b: SharedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.id === b[i].id);
}
