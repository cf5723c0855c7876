import type { AppConfig } from '../../src/config/config.schema.js';
import { WhatsAppTemplates } from './whatsapp-templates.js';

/** Where WhatsApp messages come from: our WhatsApp sender (`whatsapp:+…`), or a Messaging Service whose pool has it. */
export type WhatsAppSender = { from: string } | { messagingServiceSid: string };

export type WhatsAppSettings =
  | {
      enabled: true;
      accountSid: string;
      authToken: string;
      /** Our WhatsApp sender's number, E.164. */
      number: string;
      sender: WhatsAppSender;
      publicUrl: string;
      apiUrl?: string;
      templates: WhatsAppTemplates;
    }
  | { enabled: false; missing: string[] };

export const WHATSAPP_SETTINGS = Symbol('WHATSAPP_SETTINGS');

/** Twilio's address for a number on WhatsApp. */
export function whatsAppAddress(e164: string): string {
  return `whatsapp:${e164}`;
}

/**
 * WhatsApp is on when TWILIO_WHATSAPP_NUMBER is set and Twilio can be reached and can call us (account SID, auth
 * token, PUBLIC_URL), whether or not SMS is on. The templates file is read here, once, so a bad one stops the start.
 */
export function whatsAppSettings(config: AppConfig): WhatsAppSettings {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: publicUrl, TWILIO_WHATSAPP_NUMBER: number } = config;
  if (!number) return { enabled: false, missing: ['TWILIO_WHATSAPP_NUMBER'] };
  if (!accountSid || !authToken || !publicUrl) {
    const missing = [
      accountSid ? undefined : 'TWILIO_ACCOUNT_SID',
      authToken ? undefined : 'TWILIO_AUTH_TOKEN',
      publicUrl ? undefined : 'PUBLIC_URL',
    ].filter((name): name is string => name !== undefined);
    return { enabled: false, missing };
  }
  const sender: WhatsAppSender = config.TWILIO_WHATSAPP_MESSAGING_SERVICE_SID
    ? { messagingServiceSid: config.TWILIO_WHATSAPP_MESSAGING_SERVICE_SID }
    : { from: whatsAppAddress(number) };
  return {
    enabled: true,
    accountSid,
    authToken,
    number,
    sender,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    apiUrl: config.TWILIO_API_URL,
    templates: config.WHATSAPP_TEMPLATES_FILE ? WhatsAppTemplates.load(config.WHATSAPP_TEMPLATES_FILE) : new WhatsAppTemplates(),
  };
}
