import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { DialogsModule } from '../../dialogs/dialogs.module.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { InboundModule } from '../../src/inbound/inbound.module.js';
import { NotificationsModule } from '../../src/notifications/notifications.module.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { CustomerDataRegistry } from '../../src/privacy/customer-data.js';
import { BotServiceAccessGuard } from './bot-service/bot-service-access.guard.js';
import { BotServiceConversations } from './bot-service/bot-service-conversations.js';
import { BotServiceTurns } from './bot-service/bot-service-turns.js';
import { createBotServiceAdapter } from './bot-service/bot-service.adapter.js';
import { BOT_SERVICE_ADAPTER, BotServiceController } from './bot-service/bot-service.controller.js';
import { BotServiceConversationRepository } from './bot-service/bot-service-conversation.repository.js';
import { ProactiveMessages } from './bot-service/proactive-messages.js';
import { ChatPageController } from './chat-page/chat-page.controller.js';
import { ActivitySignal } from './direct-line/activity-signal.js';
import { ActivityStreams } from './direct-line/activity-streams.js';
import { ActivityStreamsRepository } from './direct-line/activity-streams.repository.js';
import { ChatLimits, MessageLimitGuard, StartLimitGuard } from './direct-line/chat-limits.js';
import { ConversationTokenGuard } from './direct-line/conversation-token.guard.js';
import { ConversationTokens, resolveTokenSecret } from './direct-line/conversation-tokens.js';
import { DirectLineController } from './direct-line/direct-line.controller.js';
import { DirectLineTurns } from './direct-line/direct-line-turns.js';
import { Transcript } from './direct-line/transcript.js';
import { WebChatNotifier } from './direct-line/web-chat.notifier.js';
import { WebChatConversationRepository } from './direct-line/web-chat-conversation.repository.js';
import { WebChatCustomerData } from './webchat-customer-data.js';
import { WebChatTurns } from './webchat-turns.js';
import { WEB_CHAT_DECLARATION } from './webchat.channel.js';

/**
 * Web chat for customers: the chat page with Bot Framework Web Chat, our own Direct Line endpoint behind it (HTTP,
 * and its WebSocket streams on the same server), and /api/messages for Azure Bot Service. Every route runs the same bot (BOT, from the dialogs); messages the outbox
 * owes a web chat customer are written into their Direct Line conversation, or sent to their Bot Service one as
 * proactive messages.
 */
@Module({
  imports: [InboundModule, DialogsModule, NotificationsModule],
  controllers: [ChatPageController, DirectLineController, BotServiceController],
  providers: [
    WebChatConversationRepository,
    BotServiceConversationRepository,
    ActivitySignal,
    ActivityStreams,
    ActivityStreamsRepository,
    Transcript,
    DirectLineTurns,
    BotServiceTurns,
    WebChatTurns,
    WebChatNotifier,
    BotServiceConversations,
    ProactiveMessages,
    ConversationTokenGuard,
    ChatLimits,
    StartLimitGuard,
    MessageLimitGuard,
    BotServiceAccessGuard,
    WebChatCustomerData,
    {
      provide: ConversationTokens,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { secret, file } = resolveTokenSecret(config);
        if (file) new Logger('WebChat').log(`DIRECTLINE_TOKEN_SECRET is not set; the web chat token secret is kept in ${file}`);
        return new ConversationTokens(secret);
      },
    },
    { provide: BOT_SERVICE_ADAPTER, inject: [APP_CONFIG], useFactory: createBotServiceAdapter },
  ],
})
export class WebChatModule implements OnModuleInit {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly notifier: WebChatNotifier,
    private readonly customerData: CustomerDataRegistry,
    private readonly transcripts: WebChatCustomerData,
  ) {}

  onModuleInit(): void {
    this.channels.declare({ ...WEB_CHAT_DECLARATION, notifier: this.notifier });
    this.customerData.register(this.transcripts);
  }
}
