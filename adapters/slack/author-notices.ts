import { Injectable, Logger } from '@nestjs/common';
import { SlackWebApi, slackErrorCode } from './slack-web-api.js';

/**
 * Tells the author of something Redress did not keep why, privately: in the thread where they wrote it, or, when Slack
 * cannot show them a private message there (they left the channel), in a direct message from the app (which needs
 * the `im:write` scope).
 */
@Injectable()
export class AuthorNotices {
  private readonly logger = new Logger('SlackAuthorNotices');

  constructor(private readonly slack: SlackWebApi) {}

  async tell(author: { channel: string; threadTs: string; user: string }, text: string): Promise<void> {
    try {
      await this.slack.privately(author.channel, author.user, text, author.threadTs);
      return;
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code) throw error;
      this.logger.warn({ code }, 'A private answer could not be shown in the thread; sending it as a direct message');
    }
    try {
      const opened = await this.slack.client.conversations.open({ users: author.user });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('Slack opened no direct message channel');
      await this.slack.client.chat.postMessage({ channel, text });
    } catch (error) {
      // Slack refusing (no im:write scope, a deactivated user) will not change by trying again; Slack unreachable may.
      const code = slackErrorCode(error);
      if (!code) throw error;
      this.logger.error({ code }, 'The author of a message Redress did not keep could not be told, in the thread or directly');
    }
  }
}
