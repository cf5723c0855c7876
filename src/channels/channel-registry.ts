import { Injectable } from '@nestjs/common';
import type { ChannelNotifier } from '../notifications/channel-notifier.js';
import type { ChannelDeclaration, CustomerChannelDeclaration, StaffChannelDeclaration } from './channel-declaration.js';
import type { ChannelDirectory } from './channel-directory.js';

/**
 * Every channel the running Redress has, as its adapter declared it: the core asks here which channel serves a contact
 * kind, what a channel can do and where staff are told things, and names no channel itself.
 */
@Injectable()
export class ChannelRegistry implements ChannelDirectory {
  private readonly channels = new Map<string, ChannelDeclaration>();

  declare(declaration: ChannelDeclaration): void {
    if (this.channels.has(declaration.id)) throw new Error(`The ${declaration.id} channel is declared twice`);
    if (declaration.notifier && declaration.notifier.channel !== declaration.id) {
      throw new Error(`The ${declaration.id} channel declares the notifier of ${declaration.notifier.channel}`);
    }
    this.channels.set(declaration.id, declaration);
  }

  /** The notifier that delivers the outbox's messages on a channel, when that channel is set up. */
  notifier(channelId: string): ChannelNotifier | undefined {
    return this.channels.get(channelId)?.notifier;
  }

  profile(channelId: string): CustomerChannelDeclaration | undefined {
    const channel = this.channels.get(channelId);
    return channel?.audience === 'customers' ? channel : undefined;
  }

  ofActivity(activityChannelId: string): CustomerChannelDeclaration | undefined {
    const customers = this.customerChannels();
    return (
      customers.find((channel) => channel.activityChannelIds !== '*' && channel.activityChannelIds.includes(activityChannelId)) ??
      customers.find((channel) => channel.activityChannelIds === '*')
    );
  }

  /** The channel that delivers to a contact kind (`phone` → SMS), whether or not it is set up to deliver now. */
  serving(contactKind: string): CustomerChannelDeclaration | undefined {
    return this.customerChannels().find((channel) => channel.contactKinds.includes(contactKind));
  }

  /** Every contact kind some channel delivers to: what a complaint's contact may be. */
  contactKinds(): string[] {
    return [...new Set(this.customerChannels().flatMap((channel) => channel.contactKinds))];
  }

  customerChannels(): CustomerChannelDeclaration[] {
    return [...this.channels.values()].filter((channel) => channel.audience === 'customers');
  }

  /** Where staff hear of deadlines and requests for a person; none when no staff channel is set up. */
  staffChannel(): StaffChannelDeclaration | undefined {
    return [...this.channels.values()].find((channel) => channel.audience === 'staff');
  }
}
