import type { Storage } from 'botbuilder';
import { LANGUAGES, type Language } from './messages/messages.js';

/**
 * The language a customer chose or was switched to in the dialogs, read straight from their user state: for what is
 * said to them outside a dialog turn, such as the answer to a carrier keyword. Keyed as botbuilder's UserState keys
 * it (`channel/users/id/` with no namespace), with the property RedressBot stores.
 */
export async function storedLanguage(storage: Storage, channelId: string, userId: string): Promise<Language | undefined> {
  const key = `${channelId}/users/${userId}/`;
  const items = await storage.read([key]);
  const language = (items[key] as { language?: unknown } | undefined)?.language;
  return LANGUAGES.find((known) => known === language);
}
