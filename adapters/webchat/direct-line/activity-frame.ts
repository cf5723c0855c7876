import type { StoredActivity } from './activity-signal.js';

/** Activity types the client never sees: the bot's own bookkeeping of who joined. */
export const HIDDEN_TYPES: ReadonlySet<string> = new Set(['conversationUpdate']);

/**
 * The stream's text frame of stored activities that follow `watermark`: `{ activities, watermark }`, the shape a poll
 * answers, with each activity as stored rather than parsed and written out again; null when none of them is one the
 * client sees. With the watermark they end at.
 */
export function followingFrame(rows: readonly StoredActivity[], watermark: number): { frame: string | null; watermark: number } {
  const visible = rows.filter((row) => !HIDDEN_TYPES.has(row.type));
  const last = rows.length > 0 ? Number(rows[rows.length - 1].seq) : watermark;
  const frame = visible.length > 0 ? `{"activities":[${visible.map((row) => row.body).join(',')}],"watermark":${JSON.stringify(String(last))}}` : null;
  return { frame, watermark: last };
}
