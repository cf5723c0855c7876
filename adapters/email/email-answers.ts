import { z } from 'zod';
import { languageOfLocale, type MessageKey, type Messages, type Vars } from '../../dialogs/messages/messages.js';
import { messagePayload } from '../../src/notifications/rendering/message-payload.js';
import type { MessageFamily } from '../../src/notifications/rendering/message-renderer.js';

/**
 * Redress's answer to a customer's email, as the outbox keeps it: `email.answer` with its `lines`, each a key of the
 * dialogs' catalogue and what fills it in ("Your complaint 7K4M-9P2Q is recorded", then the numbered categories…).
 * The words are written when the email is sent, in the customer's language.
 */
export const EMAIL_ANSWER_KEY = 'email.answer';

/** One paragraph of an answer, or one line of a numbered list. */
export type AnswerLine = [MessageKey, Vars?];

const LIST_LINE: MessageKey = 'email.categoryLine';

const storedLines = z.array(z.object({ key: z.string(), variables: z.record(z.string(), z.union([z.string(), z.number()])).optional() })).min(1);

/** The payload of an answer: its lines, and the email's own fields beside them (`inReplyTo`). */
export function answerPayload(lines: AnswerLine[], language: string, extra: Record<string, unknown>): Record<string, unknown> {
  return messagePayload(EMAIL_ANSWER_KEY, {}, language, {
    ...extra,
    lines: lines.map(([key, variables]) => (variables ? { key, variables } : { key })),
  });
}

/** Words for `email.answer`: paragraphs apart, the lines of a numbered list together. */
export function emailAnswers(messages: Messages): MessageFamily {
  return (key, _variables, language, _medium, _reach, payload) => {
    const lines = storedLines.safeParse(payload.lines);
    if (key !== EMAIL_ANSWER_KEY || !lines.success) return undefined;
    const written = languageOfLocale(language);
    const texts: string[] = [];
    for (const [index, line] of lines.data.entries()) {
      // a key this version's catalogue lacks would be sent as the key itself: fail the message instead
      const text = messages.text(written, line.key as MessageKey, line.variables);
      if (text === line.key) return undefined;
      const together = line.key === LIST_LINE && lines.data[index - 1]?.key === LIST_LINE;
      texts.push(index === 0 ? text : `${together ? '\n' : '\n\n'}${text}`);
    }
    return { text: texts.join(''), language: written };
  };
}
