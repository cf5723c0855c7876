import type { ChannelProfile } from '../../src/channels/channel-declaration.js';
import type { ChannelDirectory } from '../../src/channels/channel-directory.js';

/**
 * The channels the dialog tests simulate, as the SMS and web chat adapters declare them (test/channel-declarations
 * checks that they still do).
 */
export const SMS_PROFILE: ChannelProfile = {
  id: 'sms',
  contactKinds: ['phone'],
  capabilities: {
    buttons: false,
    markdown: false,
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
  activityChannelIds: ['sms'],
  messagesName: 'text messages',
};

export const WEB_CHAT_PROFILE: ChannelProfile = {
  id: 'webchat',
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
};

export const TEST_CHANNELS: ChannelDirectory = {
  ofActivity: (activityChannelId) => (activityChannelId === 'sms' ? SMS_PROFILE : WEB_CHAT_PROFILE),
  profile: (channelId) => [SMS_PROFILE, WEB_CHAT_PROFILE].find((profile) => profile.id === channelId),
};
