import { Logger } from '@nestjs/common';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { turnErrorHandler } from '../turn-errors.js';

/**
 * botbuilder's CloudAdapter, with its turn entry points opened to our code: `process()` would write refusals to the
 * console itself, while ours answer with a code and go to the JSON log like every other error.
 */
export class BotServiceAdapter extends CloudAdapter {
  /** Checks the Bot Framework signature (unless anonymous), runs `logic`, and returns an invoke's answer if any. */
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }

  /**
   * Runs a turn for an activity received and authenticated earlier, as our own bot (`botAppId`, empty when anonymous):
   * the turn's replies go to the activity's service URL as a proactive message would.
   */
  runReceived(botAppId: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.processProactive(this.createClaimsIdentity(botAppId), activity, undefined, logic);
  }
}

/** Anonymous when MICROSOFT_APP_ID is unset (the Bot Framework Emulator, tests); otherwise every request must be signed. */
export function createBotServiceAdapter(config: AppConfig): BotServiceAdapter {
  const settings = {
    MicrosoftAppId: config.MICROSOFT_APP_ID,
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
    MicrosoftAppType: config.MICROSOFT_APP_ID ? config.MICROSOFT_APP_TYPE : undefined,
  };
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const adapter = new BotServiceAdapter(new ConfigurationBotFrameworkAuthentication(defined));
  adapter.onTurnError = turnErrorHandler(new Logger('BotService'));
  return adapter;
}

/** As CloudAdapter.process does: the instants arrive as strings and botbuilder expects dates. */
export function withDates(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']]) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}
