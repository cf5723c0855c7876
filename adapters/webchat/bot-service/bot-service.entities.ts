import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where to reach a conversation that came through /api/messages: its Bot Framework conversation reference, as the
 * latest authenticated turn gave it, so that staff replies and status updates can follow as proactive messages.
 */
@Entity('bot_service_conversations')
export class BotServiceConversationRecord {
  /** The channel's conversation id: what a complaint's `webchat` contact holds. */
  @PrimaryColumn({ type: 'varchar', length: 512 })
  id!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 64 })
  channelId!: string;

  /** `ConversationReference` as JSON: serviceUrl, channelId, conversation, bot, user (without a name), locale. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
