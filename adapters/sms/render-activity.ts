import type { Activity, Attachment, CardAction } from 'botbuilder';
import { z } from 'zod';
import { toPhoneText } from './phone-text.js';
import { numberedChoices } from './sms-phrases.js';

const CARD_TYPES = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);

/**
 * What a phone can show of one bot message, as the dialog wrote it: its text (Markdown and all), the lines of its
 * simple cards and files, the titles of its suggested actions, and its locale. The outbox keeps these rather than
 * finished text, so that the SMS channel words them when it sends them (see renderReplyPart).
 */
const replyPart = z.object({
  text: z.string().optional(),
  /** A hero or thumbnail card's title, subtitle, text and links, and a file's link, a line each. */
  shown: z.array(z.string()).optional(),
  choices: z.array(z.string()).optional(),
  locale: z.string().optional(),
});
export type ReplyPart = z.infer<typeof replyPart>;
export const replyParts = z.array(replyPart).min(1);

/** The parts of a bot message a phone can show; undefined when it has nothing a phone can show. */
export function replyPartOf(activity: Partial<Activity>): ReplyPart | undefined {
  const text = activity.text?.trim() ? activity.text : undefined;
  const shown = (activity.attachments ?? []).flatMap(attachmentLines);
  const choices = (activity.suggestedActions?.actions ?? []).map(actionTitle).filter((title) => title.trim() !== '');
  if (!text && shown.length === 0 && choices.length === 0) return undefined;
  return {
    ...(text ? { text } : {}),
    ...(shown.length > 0 ? { shown } : {}),
    ...(choices.length > 0 ? { choices } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/**
 * One bot message as a phone shows it: its text without Markdown, the lines of any simple card, and its suggested
 * actions as a numbered list ("Reply 1 for Delivery, 2 for Billing or 3 for Service."). A reply of the number or of
 * the words both work, because ChoicePrompt recognises either. Empty when there is nothing a phone can show.
 */
export function renderReplyPart(part: ReplyPart): string {
  const lines = [part.text ?? '', ...(part.shown ?? [])].map(toPhoneText);
  const titles = (part.choices ?? []).map(toPhoneText).filter((title) => title !== '');
  if (titles.length > 0) lines.push(numberedChoices(titles, part.locale));
  return lines.filter(Boolean).join('\n');
}

function actionTitle(action: CardAction): string {
  return action.title || (typeof action.value === 'string' ? action.value : '');
}

/** Hero and thumbnail cards keep their words and their links; a file or picture is shown as its link. */
function attachmentLines(attachment: Attachment): string[] {
  if (CARD_TYPES.has(attachment.contentType)) {
    const card = (attachment.content ?? {}) as { title?: string; subtitle?: string; text?: string; buttons?: CardAction[] };
    const links = (card.buttons ?? [])
      .filter((button) => button.type === 'openUrl' && typeof button.value === 'string')
      .map((button) => (button.title ? `${button.title} (${button.value})` : String(button.value)));
    return [card.title, card.subtitle, card.text, ...links].filter((line): line is string => Boolean(line));
  }
  if (attachment.contentUrl && /^https?:\/\//.test(attachment.contentUrl)) {
    return [attachment.name ? `${attachment.name} (${attachment.contentUrl})` : attachment.contentUrl];
  }
  return [];
}
