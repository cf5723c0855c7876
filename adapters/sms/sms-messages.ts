import type { ContactRoute } from '../../src/conduct/code-of-conduct.schema.js';
import type { MessageFamily } from '../../src/notifications/rendering/message-renderer.js';
import { renderReplyPart, replyParts } from './render-activity.js';
import { helpText, listLanguage, optedInText, optedOutText, turnFailedText } from './sms-phrases.js';

/**
 * The messages only SMS sends, as the outbox keeps them:
 * - `sms.opted_out`, `sms.opted_in`, `sms.help`: the answers to carrier keywords;
 * - `sms.turn_failed`: the apology for a turn that failed on our side;
 * - `sms.dialog_reply`: what a dialog said in one turn, kept as its activities' parts (`parts`, see ReplyPart).
 *   The dialogs write their words when they run, in the customer's language, and keep no keys of them; what the
 *   outbox can still leave to send time is how a phone shows them (Markdown removed, choices numbered in the
 *   customer's language, cut into texts), so that is what it keeps.
 */
export const SMS_KEYS = {
  optedOut: 'sms.opted_out',
  optedIn: 'sms.opted_in',
  help: 'sms.help',
  turnFailed: 'sms.turn_failed',
  dialogReply: 'sms.dialog_reply',
} as const;

export const SMS_KEY_PREFIX = 'sms.';

export interface SmsMessageSettings {
  organisation: string;
  contactRoutes: ContactRoute[];
  /** Where the code of conduct is published, for the answer to HELP. */
  codeOfConductUrl: string;
}

/** Words for the `sms.` keys, at send time: the organisation, its routes and the address are today's. */
export function smsMessages(settings: SmsMessageSettings): MessageFamily {
  return (key, _variables, language, _medium, _reach, payload) => {
    const words = listLanguage(language);
    switch (key) {
      case SMS_KEYS.optedOut:
        return { text: optedOutText(settings.organisation, words), language: words };
      case SMS_KEYS.optedIn:
        return { text: optedInText(settings.organisation, words), language: words };
      case SMS_KEYS.help:
        return { text: helpText(settings.organisation, settings.contactRoutes, settings.codeOfConductUrl, words), language: words };
      case SMS_KEYS.turnFailed:
        return { text: turnFailedText(words), language: words };
      case SMS_KEYS.dialogReply: {
        const parts = replyParts.safeParse(payload.parts);
        if (!parts.success) return undefined;
        return { text: parts.data.map(renderReplyPart).filter(Boolean).join('\n'), language };
      }
      default:
        return undefined;
    }
  };
}
