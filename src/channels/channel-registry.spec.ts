import { describe, expect, it } from '@jest/globals';
import type { ChannelNotifier } from '../notifications/channel-notifier.js';
import type { CustomerChannelDeclaration } from './channel-declaration.js';
import { ChannelRegistry } from './channel-registry.js';

const capabilities = {
  buttons: false,
  markdown: false,
  templatesOutsideSessionWindow: false,
  attachments: false,
  carrierKeywords: false,
  reachesCustomerAway: true,
  verifiesSender: false,
};

function customerChannel(id: string, contactKinds: string[], activityChannelIds: string[] | '*'): CustomerChannelDeclaration {
  return {
    id,
    audience: 'customers',
    contactKinds,
    capabilities,
    keptUnder: 'inboundMessagesDays',
    activityChannelIds,
    messagesName: `${id} messages`,
    address: (contact) => contact.value.toLowerCase(),
  };
}

const notifier = (channel: string): ChannelNotifier => ({ channel, deliver: async () => ({}) });

describe(ChannelRegistry.name, () => {
  function registry(): ChannelRegistry {
    const channels = new ChannelRegistry();
    channels.declare(customerChannel('chat', ['chat'], '*'));
    channels.declare({ ...customerChannel('fax', ['fax'], ['fax']), notifier: notifier('fax') });
    channels.declare({ id: 'staffroom', audience: 'staff', notifier: notifier('staffroom') });
    return channels;
  }

  it('finds the channel that delivers to a contact kind, and its notifier only when it has one', () => {
    const channels = registry();
    expect(channels.serving('fax')?.address({ kind: 'fax', value: 'ABC' })).toBe('abc');
    expect(channels.notifier('fax')?.channel).toBe('fax');
    expect(channels.serving('chat')?.id).toBe('chat');
    expect(channels.notifier('chat')).toBeUndefined();
    expect(channels.serving('pigeon')).toBeUndefined();
    expect(channels.contactKinds()).toEqual(['chat', 'fax']);
  });

  it('takes an activity to the channel that names its channelId, and any other to the channel that takes the rest', () => {
    const channels = registry();
    expect(channels.ofActivity('fax')?.id).toBe('fax');
    expect(channels.ofActivity('msteams')?.id).toBe('chat');
    expect(new ChannelRegistry().ofActivity('fax')).toBeUndefined();
  });

  it('keeps staff channels apart from customers’ ones', () => {
    const channels = registry();
    expect(channels.staffChannel()?.id).toBe('staffroom');
    expect(channels.profile('staffroom')).toBeUndefined();
    expect(channels.customerChannels().map((channel) => channel.id)).toEqual(['chat', 'fax']);
    expect(new ChannelRegistry().staffChannel()).toBeUndefined();
  });

  it('refuses a channel declared twice, or with another channel’s notifier', () => {
    const channels = registry();
    expect(() => channels.declare(customerChannel('fax', ['fax'], ['fax']))).toThrow('The fax channel is declared twice');
    expect(() => channels.declare({ ...customerChannel('telex', ['telex'], ['telex']), notifier: notifier('fax') })).toThrow(
      'The telex channel declares the notifier of fax',
    );
  });
});
