import type { SchemaPart } from '../../src/database/schema.js';
import { BotServiceConversationRecord } from './bot-service/bot-service.entities.js';
import { WebChatActivityRecord, WebChatConversationRecord, WebChatUploadRecord } from './direct-line/direct-line.entities.js';
import { WebChat1764180000000 } from './migrations/1764180000000-webchat.js';
import { BotServiceConversations1764200000000 } from './migrations/1764200000000-bot-service-conversations.js';
import { WebChatWaitingIndex1764210000000 } from './migrations/1764210000000-webchat-waiting-index.js';
import { WebChatTurnsInbound1764310000003 } from './migrations/1764310000003-webchat-turns-inbound.js';
import { WebChatUploads1766300000001 } from './migrations/1766300000001-webchat-uploads.js';
import { WebChatActivityNotify1766500000001 } from './migrations/1766500000001-webchat-activity-notify.js';
import { WebChatStreams1767700000001 } from './migrations/1767700000001-webchat-streams.js';

/** Web chat's tables: Direct Line conversations, their activities and files on their way, and Azure Bot Service conversation references. */
export const WEB_CHAT_SCHEMA: SchemaPart = {
  entities: [WebChatConversationRecord, WebChatActivityRecord, WebChatUploadRecord, BotServiceConversationRecord],
  migrations: [
    WebChat1764180000000,
    BotServiceConversations1764200000000,
    WebChatWaitingIndex1764210000000,
    WebChatTurnsInbound1764310000003,
    WebChatUploads1766300000001,
    WebChatActivityNotify1766500000001,
    WebChatStreams1767700000001,
  ],
};
