import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '../../src/common/domain-error.js';
import { SlackReceiver } from './slack-receiver.js';

/** Slack's one request URL for events, interactivity and slash commands. */
@ApiExcludeController()
@Controller('slack')
export class SlackEventsController {
  constructor(private readonly receiver: SlackReceiver) {}

  @Post('events')
  async events(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.receiver.handle(req, res);
  }
}

/** The same URL when Slack is not configured: a clear answer, and nothing else happens. */
@ApiExcludeController()
@Controller('slack')
export class SlackNotConfiguredController {
  @Post('events')
  events(): never {
    throw new DomainError('not_found', 'slack_not_configured', 'Slack is not set up here: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not configured.');
  }
}
