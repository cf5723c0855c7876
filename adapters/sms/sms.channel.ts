import type { CustomerChannelDeclaration } from '../../src/channels/channel-declaration.js';
import { SMS_CHANNEL } from './sms-bot.adapter.js';

/** SMS as the dialogs and the core see it; the notifier is added when Twilio is set up. */
export const SMS_DECLARATION: Omit<CustomerChannelDeclaration, 'notifier'> = {
  id: SMS_CHANNEL,
  audience: 'customers',
  // the conversation id is the customer's number
  contactKinds: ['phone'],
  capabilities: {
    buttons: false,
    markdown: false,
    // Twilio's limit for one message body: ten GSM-7 segments
    maxLength: 1600,
    maxSegments: 10,
    templatesOutsideSessionWindow: false,
    attachments: false,
    carrierKeywords: true,
    reachesCustomerAway: true,
    verifiesSender: true,
  },
  keptUnder: 'inboundMessagesDays',
  routeKind: 'sms',
  activityChannelIds: [SMS_CHANNEL],
  messagesName: 'text messages',
  address: (contact) => contact.value,
};
