import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { ChannelNotifier, DeliveryReceipt } from '../notifications/channel-notifier.js';
import { NotifierRegistry } from '../notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { DISPUTE_OFFER, DISPUTE_REMINDER, DISPUTES_CHANNEL, disputeOffersPolicy, type DisputeOfferPayload } from './dispute-policies.js';
import { DisputesService } from './disputes.service.js';

/**
 * Makes the offers that complaint changes owe once they have committed, and sends the one reminder a customer asked
 * for at its time. Both arrive through the outbox, so they survive a restart and happen once.
 */
@Injectable()
export class DisputeWatch implements ChannelNotifier, OnModuleInit {
  readonly channel = DISPUTES_CHANNEL;
  private readonly logger = new Logger('DisputeWatch');

  constructor(
    private readonly disputes: DisputesService,
    private readonly registry: NotifierRegistry,
    private readonly policies: OutboxPolicies,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.policies.register(disputeOffersPolicy);
  }

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    const reference = message.reference as string;
    try {
      switch (message.kind) {
        case DISPUTE_OFFER: {
          const { trigger, finalResponseAt } = message.payload as DisputeOfferPayload;
          await this.disputes.offer(reference, trigger, { kind: 'system', id: 'dispute-watch' }, new Date(finalResponseAt));
          break;
        }
        case DISPUTE_REMINDER:
          await this.disputes.remind(reference);
          break;
        default:
          throw new Error(`Unknown dispute check ${message.kind}`);
      }
    } catch (error) {
      // an erased or vanished case owes nothing more
      if (!(error instanceof DomainError && error.kind === 'not_found')) throw error;
      this.logger.warn({ reference, kind: message.kind }, 'A dispute check for a case that is gone');
    }
    return { delivered: true };
  }
}
