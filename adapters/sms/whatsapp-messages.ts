import type { MessageFamily } from '../../src/notifications/rendering/message-renderer.js';
import { renderReplyPart, replyParts } from './render-activity.js';
import { listLanguage, turnFailedText, type ListLanguage } from './sms-phrases.js';
import type { SmsMessageSettings } from './sms-messages.js';

/**
 * The messages only WhatsApp sends, as the outbox keeps them: the answers to STOP, START and HELP, the apology for a
 * turn that failed on our side, and what a dialog said in one turn (its activities' parts, worded at send time as
 * on SMS; the notifier may show the last part's choices as quick-reply buttons instead, see quickReplyOf).
 */
export const WHATSAPP_KEYS = {
  optedOut: 'whatsapp.opted_out',
  optedIn: 'whatsapp.opted_in',
  help: 'whatsapp.help',
  turnFailed: 'whatsapp.turn_failed',
  dialogReply: 'whatsapp.dialog_reply',
} as const;

export const WHATSAPP_KEY_PREFIX = 'whatsapp.';

/**
 * A number's opt-out holds for SMS and WhatsApp alike (one STOP stops both), so the answers say so. The Spanish
 * keeps its accents: WhatsApp has no GSM-7 segments to save.
 */
const WORDS: Record<ListLanguage, { optedOut: string; optedIn: string; help: string; otherWays: string; promises: string; stop: string }> = {
  en: {
    optedOut: 'you will get no more messages from us on this number, on WhatsApp or by text. Reply START to get them again.',
    optedIn: 'you will get our messages again. Send any message to make or check a complaint. Reply STOP to stop.',
    help: '{} complaints. To make a complaint or check on one, send any message here and answer the questions.',
    otherWays: 'Other ways to complain:',
    promises: 'Our promises about complaints:',
    stop: 'Reply STOP to get no more messages from us.',
  },
  es: {
    optedOut: 'ya no le enviaremos mensajes a este número, ni por WhatsApp ni por SMS. Responda START para volver a recibirlos.',
    optedIn: 'volveremos a enviarle mensajes. Escriba cualquier mensaje para poner o consultar una queja. Responda STOP para dejar de recibirlos.',
    help: 'Quejas de {}. Para poner una queja o consultar una, escriba cualquier mensaje y responda a las preguntas.',
    otherWays: 'Otras formas de quejarse:',
    promises: 'Nuestros compromisos sobre las quejas:',
    stop: 'Responda STOP para dejar de recibir nuestros mensajes.',
  },
};

/** Words for the `whatsapp.` keys, at send time. */
export function whatsAppMessages(settings: SmsMessageSettings): MessageFamily {
  return (key, _variables, language, _medium, _reach, payload) => {
    const lang = listLanguage(language);
    const words = WORDS[lang];
    switch (key) {
      case WHATSAPP_KEYS.optedOut:
        return { text: `${settings.organisation}: ${words.optedOut}`, language: lang };
      case WHATSAPP_KEYS.optedIn:
        return { text: `${settings.organisation}: ${words.optedIn}`, language: lang };
      case WHATSAPP_KEYS.help: {
        const other = settings.contactRoutes.map((route) => `${route.label}: ${route.value}.`).join('\n');
        const text = [
          words.help.replace('{}', settings.organisation),
          other ? `${words.otherWays}\n${other}` : '',
          `${words.promises} ${settings.codeOfConductUrl}`,
          words.stop,
        ]
          .filter(Boolean)
          .join('\n');
        return { text, language: lang };
      }
      case WHATSAPP_KEYS.turnFailed:
        return { text: turnFailedText(lang), language: lang };
      case WHATSAPP_KEYS.dialogReply: {
        const parts = replyParts.safeParse(payload.parts);
        if (!parts.success) return undefined;
        return { text: parts.data.map(renderReplyPart).filter(Boolean).join('\n'), language };
      }
      default:
        return undefined;
    }
  };
}
