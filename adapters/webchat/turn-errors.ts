import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { Activity, TurnContext } from 'botbuilder';

const APOLOGY = 'Sorry, something went wrong on our side. Please try again in a moment.';

/** What the customer is told when the bot fails during their turn; the error id is the one in the log. */
export function apology(errorId: string): Partial<Activity> {
  return { type: 'message', text: APOLOGY, textFormat: 'plain', channelData: { errorId } };
}

/**
 * What goes to the log of an error in a turn: its kind, message and stack, and those of its cause. Not the error
 * itself: botbuilder-dialogs attaches the dialog state, which holds what the customer typed (contact details too).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const inner = (error as { error?: unknown }).error ?? error.cause;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(inner instanceof Error ? { cause: loggableError(inner) } : {}),
  };
}

/**
 * botbuilder's onTurnError for an adapter whose replies leave as they are sent (CloudAdapter): log the failure
 * with an id, and tell the customer rather than leave them waiting.
 */
export function turnErrorHandler(logger: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const errorId = randomUUID();
    logger.error({ error: loggableError(error), errorId, channelId: context.activity.channelId }, 'The bot failed during a turn');
    try {
      await context.sendActivity(apology(errorId));
    } catch (sendError) {
      logger.error({ error: loggableError(sendError), errorId }, 'Could not tell the customer about the failed turn');
    }
  };
}
