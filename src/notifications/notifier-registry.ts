import { Injectable } from '@nestjs/common';
import { ChannelRegistry } from '../channels/channel-registry.js';
import type { ChannelNotifier } from './channel-notifier.js';

/**
 * The relay's way to a message's notifier: the declared channels' (src/channels), and the outbox's own schedulers
 * (deadline and hand-off watches), which register here because they are no channel anyone talks on.
 */
@Injectable()
export class NotifierRegistry {
  private readonly schedulers = new Map<string, ChannelNotifier>();

  constructor(private readonly channels: ChannelRegistry) {}

  register(scheduler: ChannelNotifier): void {
    this.schedulers.set(scheduler.channel, scheduler);
  }

  get(channel: string): ChannelNotifier | undefined {
    return this.channels.notifier(channel) ?? this.schedulers.get(channel);
  }
}
