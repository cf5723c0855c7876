import type { CustomerChannelDeclaration } from '../../src/channels/channel-declaration.js';
import { CHANNEL_ID } from './direct-line/transcript.js';

/** Web chat (the chat page's Direct Line, and Azure Bot Service's channels) as the dialogs and the core see it. */
export const WEB_CHAT_DECLARATION: Omit<CustomerChannelDeclaration, 'notifier'> = {
  id: CHANNEL_ID,
  audience: 'customers',
  contactKinds: ['webchat'],
  capabilities: {
    buttons: true,
    markdown: true,
    templatesOutsideSessionWindow: false,
    attachments: false,
    carrierKeywords: false,
    reachesCustomerAway: false,
    verifiesSender: false,
  },
  keptUnder: 'abandonedConversationsDays',
  routeKind: 'chat',
  activityChannelIds: '*',
  messagesName: 'web chat messages',
  address: (contact) => contact.value,
};
