/**
 * What the outbox keeps of a message to a customer: which message (`key`), what fills it in (`variables`) and the
 * customer's language. The words are chosen when it is sent, for the channel it goes by (see MessageRenderer), so a
 * message waiting in the outbox is said in the channel's way and in today's wording.
 *
 * Keys:
 * - `status.<stage>`: a status update (`status.acknowledged`, `status.closed`…), see status-updates/;
 * - `deadline.progress_update`, `deadline.holding_response`: the deadline watch's, see src/deadlines/deadline-texts.ts;
 * - `staff_reply`: staff's own words, `text`, signed by `from`;
 * - keys a channel registers for what it alone sends (`sms.opted_out`, `email.answer`): see its adapter. Such a
 *   message may keep structured content beside its variables (an email answer's lines, each a key and variables; an
 *   SMS dialog reply's activities), which the family that wrote it reads back when it words the message.
 *
 * `text` holds words written before they were kept as keys: rows from then hold `{ text, language, from? }` or
 * `{ key: 'text', variables: { text } }`. They are read as `text`, or as `staff_reply` when signed, and sent as they
 * are, so no migration rewrites them; nothing writes `text` any more.
 *
 * A channel may keep its own fields beside these (an email's `inReplyTo`): they are left as they are.
 */
export type Variables = Record<string, string | null>;

export interface MessagePayload {
  key: string;
  variables: Variables;
  language: string;
}

/** Finished words, only in rows written before every message had a key of its own (see above). */
export const TEXT_KEY = 'text';
export const STAFF_REPLY_KEY = 'staff_reply';

/** The payload to enqueue: the message, and whatever fields of its own a channel keeps beside it. */
export function messagePayload(key: string, variables: Variables, language: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, key, variables, language };
}

/** The message a payload holds, written with a key or as finished text before keys; undefined when it holds neither. */
export function readMessage(payload: Record<string, unknown>): MessagePayload | undefined {
  const language = typeof payload.language === 'string' && payload.language !== '' ? payload.language : 'en';
  if (typeof payload.key === 'string' && payload.key !== '' && isVariables(payload.variables)) {
    return { key: payload.key, variables: payload.variables, language };
  }
  if (typeof payload.text !== 'string') return undefined;
  const from = typeof payload.from === 'string' && payload.from !== '' ? payload.from : undefined;
  return from
    ? { key: STAFF_REPLY_KEY, variables: { text: payload.text, from }, language }
    : { key: TEXT_KEY, variables: { text: payload.text }, language };
}

function isVariables(value: unknown): value is Variables {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v === 'string')
  );
}
