import { Logger } from '@nestjs/common';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { turnErrorHandler } from '../turn-errors.js';

/**
 * botbuilder's CloudAdapter, with its turn entry point opened to our controller: `process()` would write refusals
 * to the console itself, while ours answer with a code and go to the JSON log like every other error.
 */
export class BotServiceAdapter extends CloudAdapter {
  /** Checks the Bot Framework signature (unless anonymous), runs the bot, and returns an invoke's answer if any. */
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
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
