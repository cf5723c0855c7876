import type { Activity, Attachment, CardAction } from 'botbuilder';
import { toPhoneText } from './phone-text.js';
import { numberedChoices } from './sms-phrases.js';

const CARD_TYPES = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);

/**
 * One bot message as a phone shows it: its text without Markdown, the text of any simple card, and its suggested
 * actions as a numbered list ("Reply 1 for Delivery, 2 for Billing or 3 for Service."). A reply of the number or of
 * the words both work, because ChoicePrompt recognises either. Empty when there is nothing a phone can show.
 */
export function renderActivity(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(toPhoneText(activity.text));
  for (const attachment of activity.attachments ?? []) {
    const shown = renderAttachment(attachment);
    if (shown) parts.push(shown);
  }
  const titles = (activity.suggestedActions?.actions ?? []).map(actionTitle).filter((title) => title !== '');
  if (titles.length > 0) parts.push(numberedChoices(titles, activity.locale));
  return parts.filter(Boolean).join('\n');
}

function actionTitle(action: CardAction): string {
  return toPhoneText(action.title || (typeof action.value === 'string' ? action.value : ''));
}

/** Hero and thumbnail cards keep their words and their links; a file or picture is shown as its link. */
function renderAttachment(attachment: Attachment): string {
  if (CARD_TYPES.has(attachment.contentType)) {
    const card = (attachment.content ?? {}) as { title?: string; subtitle?: string; text?: string; buttons?: CardAction[] };
    const links = (card.buttons ?? [])
      .filter((button) => button.type === 'openUrl' && typeof button.value === 'string')
      .map((button) => (button.title ? `${button.title} (${button.value})` : String(button.value)));
    return [card.title, card.subtitle, card.text, ...links]
      .filter((part): part is string => Boolean(part))
      .map(toPhoneText)
      .join('\n');
  }
  if (attachment.contentUrl && /^https?:\/\//.test(attachment.contentUrl)) {
    return attachment.name ? `${toPhoneText(attachment.name)} (${attachment.contentUrl})` : attachment.contentUrl;
  }
  return '';
}
