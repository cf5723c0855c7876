import { Injectable } from '@nestjs/common';
import type { ChannelNotifier } from './channel-notifier.js';

/** Channel adapters register their notifier when they are configured; the relay looks them up by channel. */
@Injectable()
export class NotifierRegistry {
  private readonly notifiers = new Map<string, ChannelNotifier>();

  register(notifier: ChannelNotifier): void {
    this.notifiers.set(notifier.channel, notifier);
  }

  get(channel: string): ChannelNotifier | undefined {
    return this.notifiers.get(channel);
  }
}
