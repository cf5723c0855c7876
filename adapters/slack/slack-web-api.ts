import { Inject, Injectable } from '@nestjs/common';
import bolt from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/notifications/channel-notifier.js';
import { boltLogger } from './slack-logger.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/**
 * Slack's Web API with the bot token. The client never retries by itself: the outbox retries deliveries with its
 * own backoff, and a listener must answer within Slack's 3 seconds anyway.
 */
@Injectable()
export class SlackWebApi {
  /** Modals are opened through ModalSeals.open, not `views.open` here: a submission of any other is refused. */
  readonly client: webApi.WebClient;
  private identity: Promise<BotIdentity> | undefined;

  constructor(@Inject(SLACK_SETTINGS) settings: SlackSettings) {
    this.client = new bolt.webApi.WebClient(settings.botToken, {
      slackApiUrl: settings.apiUrl,
      logger: boltLogger('SlackWebApi'),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    });
  }

  /** The bot's own ids (`auth.test`), so that its own messages are never taken for staff's; asked again after a failure. */
  botIdentity(): Promise<BotIdentity> {
    this.identity ??= this.client.auth.test().then(
      (result) => ({ botId: String(result.bot_id ?? ''), botUserId: String(result.user_id ?? '') }),
      (error: unknown) => {
        this.identity = undefined;
        throw error;
      },
    );
    return this.identity;
  }

  /** Something only one person sees, where they are (an ephemeral message). */
  async privately(channel: string, user: string, text: string, threadTs?: string): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }
}

/** The `error` code of a Web API refusal (`channel_not_found`), if that is what this is. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === bolt.webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
}

/** Whether trying the same call again later can help: Slack's refusals that only a person can fix are permanent. */
export function deliveryErrorFrom(error: unknown): DeliveryError {
  const code = slackErrorCode(error);
  if (code) {
    switch (code) {
      case 'channel_not_found':
      case 'not_in_channel':
      case 'is_archived':
      case 'invalid_auth':
      case 'not_authed':
      case 'account_inactive':
      case 'token_revoked':
      case 'missing_scope':
      case 'no_permission':
      case 'invalid_blocks':
      case 'msg_too_long':
      case 'restricted_action':
        return new DeliveryError(`Slack refused the message: ${code}`, true);
      default:
        return new DeliveryError(`Slack refused the message: ${code}`, false);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`Slack could not be reached: ${message}`, false);
}
