import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InboundPipeline, type InboundMessage } from '../../src/inbound/inbound-pipeline.js';
import { BotServiceTurns, type BotServiceTurnPayload } from './bot-service/bot-service-turns.js';
import { DirectLineTurns } from './direct-line/direct-line-turns.js';
import { CHANNEL_ID, type DirectLineTurnPayload } from './direct-line/transcript.js';

/**
 * The web chat channel's handler in the inbound pipeline. Its conversations come by our own Direct Line or by Azure
 * Bot Service, one channel either way (a conversation key is `webchat:<id>` for both), and each route runs its own
 * turns: a Direct Line turn from the transcript, a Bot Service one from the activity the channel posted.
 */
@Injectable()
export class WebChatTurns implements OnModuleInit {
  constructor(
    private readonly pipeline: InboundPipeline,
    private readonly directLine: DirectLineTurns,
    private readonly botService: BotServiceTurns,
  ) {}

  onModuleInit(): void {
    this.pipeline.register<DirectLineTurnPayload | BotServiceTurnPayload>(CHANNEL_ID, (message, turn) =>
      'activity' in message.payload
        ? this.botService.run(message as InboundMessage<BotServiceTurnPayload>, turn)
        : this.directLine.run(message as InboundMessage<DirectLineTurnPayload>, turn),
    );
  }
}
