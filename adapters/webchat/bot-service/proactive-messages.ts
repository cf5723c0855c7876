import { Inject, Injectable } from '@nestjs/common';
import type { ConversationReference, ResourceResponse } from 'botbuilder';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { DeliveryError } from '../../../src/notifications/channel-notifier.js';
import { BotServiceAdapter } from './bot-service.adapter.js';
import { BOT_SERVICE_ADAPTER } from './bot-service.controller.js';
import { serviceUrlPolicyOf, serviceUrlRefusal } from './service-url-policy.js';

/**
 * Messages to an /api/messages conversation outside any turn of the customer's (Bot Framework proactive messages),
 * through the same adapter and credentials as the endpoint's replies.
 */
@Injectable()
export class ProactiveMessages {
  constructor(
    @Inject(BOT_SERVICE_ADAPTER) private readonly adapter: BotServiceAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Posts a message into the conversation and returns the connector's id for it; failures are `DeliveryError`s.
   * `sender` names who wrote it (a staff reply), as the bot's display name on this message.
   */
  async send(reference: Partial<ConversationReference>, text: string, locale: string | undefined, sender?: string): Promise<string | undefined> {
    // A reference kept under another set-up (anonymous then, signed now) must not send our credentials elsewhere.
    const refusal = serviceUrlRefusal(reference.serviceUrl ?? '', serviceUrlPolicyOf(this.config));
    if (refusal) throw new DeliveryError(`The conversation's service URL ${refusal}`, true);
    let sent: ResourceResponse | undefined;
    let failure: unknown;
    try {
      // An empty app id is the anonymous identity, as the endpoint's replies use without MICROSOFT_APP_ID.
      await this.adapter.continueConversationAsync(this.config.MICROSOFT_APP_ID ?? '', reference, async (context) => {
        // the continuation activity's made-up id would make this a reply to an activity the channel never saw
        context.onSendActivities(async (_context, activities, next) => {
          for (const activity of activities) {
            delete activity.replyToId;
            if (sender && activity.from) activity.from = { ...activity.from, name: sender };
          }
          return next();
        });
        // Caught here, not left to the adapter: its turn error handler would apologise to the customer for our outage.
        try {
          sent = await context.sendActivity({ type: 'message', text, textFormat: 'plain', locale: locale ?? reference.locale });
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) throw deliveryErrorFrom(failure);
    return sent?.id || undefined;
  }
}

/**
 * A connector's 4xx will not change on a retry, except 429 (slow down) and 401 (credentials being rotated, or a
 * token the channel has yet to accept); 5xx and network errors are temporary. The connector's own error message can
 * quote what was sent, so only the status and error code are kept.
 */
export function deliveryErrorFrom(error: unknown): DeliveryError {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  const safeCode = typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
  if (typeof statusCode === 'number') {
    const permanent = statusCode >= 400 && statusCode < 500 && statusCode !== 429 && statusCode !== 401;
    return new DeliveryError(`Bot Framework connector answered ${statusCode}${safeCode ? ` ${safeCode}` : ''}`, permanent);
  }
  return new DeliveryError(`Bot Framework connector could not be reached${safeCode ? ` (${safeCode})` : ''}`, false);
}
