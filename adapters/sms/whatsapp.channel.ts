import type { CustomerChannelDeclaration } from '../../src/channels/channel-declaration.js';

export const WHATSAPP_CHANNEL = 'whatsapp';

/** Twilio's longest message body: a longer WhatsApp message goes as several. */
export const WHATSAPP_MAX_BODY = 1600;

/**
 * WhatsApp through Twilio as the dialogs and the core see it; the notifier is added when it is set up. A customer's
 * contact is their number (kind `whatsapp`, value E.164), which is also the conversation; Twilio is told
 * `whatsapp:+…` (see TwilioWhatsAppNotifier).
 */
export const WHATSAPP_DECLARATION: Omit<CustomerChannelDeclaration, 'notifier'> = {
  id: WHATSAPP_CHANNEL,
  audience: 'customers',
  contactKinds: [WHATSAPP_CHANNEL],
  capabilities: {
    // The dialogs word their questions for typed answers; the notifier adds quick-reply buttons where WhatsApp
    // takes them (see quickReplyOf), and a typed number or title still works.
    buttons: false,
    markdown: false,
    maxLength: WHATSAPP_MAX_BODY,
    templatesOutsideSessionWindow: true,
    attachments: false,
    // Redress answers STOP, START and HELP itself on WhatsApp, as the network does by SMS (see SmsInbox)
    carrierKeywords: true,
    reachesCustomerAway: true,
    verifiesSender: true,
  },
  keptUnder: 'inboundMessagesDays',
  activityChannelIds: [WHATSAPP_CHANNEL],
  messagesName: 'WhatsApp messages',
  address: (contact) => contact.value,
};
