import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A web chat conversation. `lastSeq` is the watermark of its newest activity. */
@Entity('webchat_conversations')
export class WebChatConversationRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  /** The user id the conversation token carries; every activity the client posts is from this user. */
  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  /** The client's locale when the conversation started, for activities that do not carry their own. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  locale!: string | null;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}

/**
 * One activity of a conversation, in either direction, in the order the client sees them (`seq`, the watermark).
 * The turns of inbound activities are the inbound pipeline's.
 */
@Entity('webchat_activities')
@Index('webchat_activities_conversation_seq_key', ['conversationId', 'seq'], { unique: true })
@Index('webchat_activities_client_id_key', ['conversationId', 'clientActivityId'], { unique: true })
export class WebChatActivityRecord {
  /** `<conversation id>|<seq, seven digits>`, the shape of Azure Direct Line activity ids. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 64 })
  conversationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'boolean' })
  inbound!: boolean;

  /** Web Chat's `channelData.clientActivityID`: a retried post carries the same one. */
  @Column({ name: 'client_activity_id', type: 'varchar', length: 200, nullable: true })
  clientActivityId!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  /** The whole activity as JSON, as the client receives it. */
  @Column({ type: 'text' })
  body!: string;
}

/**
 * A file the customer uploaded with an activity, kept only until the activity's turn hands it to the evidence desk
 * (which removes it in the same transaction). Base64 in a text column, the same on SQLite and PostgreSQL; no content
 * when it was larger than the limit while it was read.
 */
@Entity('webchat_uploads')
@Index('webchat_uploads_activity_idx', ['activityId'])
@Index('webchat_uploads_conversation_idx', ['conversationId'])
export class WebChatUploadRecord {
  /** `<activity id>:<position>`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 64 })
  conversationId!: string;

  @Column({ name: 'activity_id', type: 'varchar', length: 80 })
  activityId!: string;

  @Column({ type: 'integer' })
  position!: number;

  /** As the customer's browser named it; untrusted. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
