import { renderReplyPart, replyParts } from './render-activity.js';
import { toPhoneText } from './phone-text.js';

/**
 * WhatsApp's limits on quick-reply buttons sent inside the customer-service window without an approved template
 * (Twilio's `twilio/quick-reply` content type): at most three buttons, each title at most 20 characters and unique,
 * and a body of at most 1,024 characters.
 */
export const QUICK_REPLY_LIMITS = { buttons: 3, titleLength: 20, bodyLength: 1024 } as const;

/** A dialog reply whose last question's choices go as buttons; the rest of what it said is the body above them. */
export interface QuickReply {
  body: string;
  titles: string[];
}

/**
 * The dialog reply as a quick-reply message, when its last part offers choices WhatsApp can show as buttons;
 * undefined otherwise (too many choices, a title too long, a body too long), and it goes as text with the choices
 * numbered, as on SMS. A button tapped comes back as its title, which the dialog understands as it does a typed one.
 */
export function quickReplyOf(partsValue: unknown): QuickReply | undefined {
  const parsed = replyParts.safeParse(partsValue);
  if (!parsed.success) return undefined;
  const parts = parsed.data;
  const last = parts[parts.length - 1];
  const titles = (last.choices ?? []).map((choice) => toPhoneText(choice)).filter((title) => title !== '');
  if (titles.length === 0 || titles.length > QUICK_REPLY_LIMITS.buttons) return undefined;
  if (titles.some((title) => [...title].length > QUICK_REPLY_LIMITS.titleLength)) return undefined;
  if (new Set(titles.map((title) => title.toLowerCase())).size !== titles.length) return undefined;
  const body = [...parts.slice(0, -1), { ...last, choices: undefined }].map(renderReplyPart).filter(Boolean).join('\n');
  if (body.trim() === '' || [...body].length > QUICK_REPLY_LIMITS.bodyLength) return undefined;
  return { body, titles };
}

/**
 * A long text cut into messages of at most `max` characters, between paragraphs or lines where it can, else
 * between words, else anywhere.
 */
export function splitForWhatsApp(text: string, max: number): string[] {
  const messages: string[] = [];
  let rest = text.trim();
  while ([...rest].length > max) {
    const head = [...rest].slice(0, max).join('');
    const cut = [head.lastIndexOf('\n\n'), head.lastIndexOf('\n'), head.lastIndexOf(' ')].find((at) => at > max / 2) ?? head.length;
    messages.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') messages.push(rest);
  return messages;
}
