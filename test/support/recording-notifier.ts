import type { ChannelNotifier } from '../../src/notifications/channel-notifier.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';

/** Stands in for a channel's provider and remembers what reached it. */
export class RecordingNotifier implements ChannelNotifier {
  readonly received: OutboxMessageRecord[] = [];

  constructor(readonly channel: string) {}

  async deliver(message: OutboxMessageRecord) {
    this.received.push(message);
    return { providerId: `${this.channel}-${this.received.length}` };
  }

  kinds(reference: string): string[] {
    return this.received.filter((m) => m.reference === reference).map((m) => m.kind);
  }
}
