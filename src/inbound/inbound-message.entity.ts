import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A customer's message, from any channel, stored before the provider or client was answered, and the turn it is owed.
 * A row with no `handledAt` still waits for its turn, after a restart too; `claimedUntil` is the lease of the instance
 * running it. The unique provider id turns a provider's retries into no-ops.
 */
@Entity('inbound_messages')
@Index('inbound_messages_provider_key', ['channel', 'conversationKey', 'providerId'], { unique: true })
@Index('inbound_messages_waiting_idx', ['handledAt', 'channel', 'conversationKey'])
export class InboundMessageRecord {
  /** Arrival order: a conversation's messages are handled one at a time, oldest first. */
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** The channel whose handler runs the turn: `sms`, `webchat`, … */
  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  /** The conversation within the channel (a phone number, a conversation id): its turns run in order, one at a time. */
  @Column({ name: 'conversation_key', type: 'varchar', length: 200 })
  conversationKey!: string;

  /** The provider's id for the message (Twilio's MessageSid, a Bot Framework activity id, an email's Message-ID). */
  @Column({ name: 'provider_id', type: 'varchar', length: 200 })
  providerId!: string;

  /** What the channel's handler needs to run the turn, as JSON. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'claimed_until', type: 'varchar', length: 24, nullable: true })
  claimedUntil!: string | null;

  @Column({ name: 'handled_at', type: 'varchar', length: 24, nullable: true })
  handledAt!: string | null;

  /** The channel's word for what became of it (`dialog`, `turn_failed`, `opted_out`…), or `gave_up`. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome!: string | null;
}
