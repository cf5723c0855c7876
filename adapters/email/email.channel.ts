import type { CustomerChannelDeclaration } from '../../src/channels/channel-declaration.js';
import { EMAIL_CHANNEL } from './email.notifier.js';

/** Email as the dialogs and the core see it; the notifier is added when SMTP is set up. */
export const EMAIL_DECLARATION: Omit<CustomerChannelDeclaration, 'notifier'> = {
  id: EMAIL_CHANNEL,
  audience: 'customers',
  contactKinds: ['email'],
  capabilities: {
    buttons: false,
    markdown: false,
    templatesOutsideSessionWindow: false,
    // only the text of an email is kept
    attachments: false,
    carrierKeywords: false,
    reachesCustomerAway: true,
    // a From address is easily forged
    verifiesSender: false,
  },
  keptUnder: 'inboundMessagesDays',
  routeKind: 'email',
  activityChannelIds: [EMAIL_CHANNEL],
  messagesName: 'email',
  // a reply is added to the complaint it is about (see email-inbox.ts); the survey is answered on its page
  repliesGoToCase: true,
  address: (contact) => contact.value,
};
