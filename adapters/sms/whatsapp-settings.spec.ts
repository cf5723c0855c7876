import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/config.schema.js';
import { twilioErrorReason } from './twilio-error-reasons.js';
import { whatsAppSettings } from './whatsapp-settings.js';

const sid = `AC${'a'.repeat(32)}`;
const service = `MG${'b'.repeat(32)}`;
const full = { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token', PUBLIC_URL: 'https://redress.example.org/' };

describe(whatsAppSettings.name, () => {
  it('is on with its number, sending from whatsapp:<number>, without any SMS sender', () => {
    expect(whatsAppSettings(parseConfig({ ...full, TWILIO_WHATSAPP_NUMBER: '+447700900999' }))).toMatchObject({
      enabled: true,
      number: '+447700900999',
      sender: { from: 'whatsapp:+447700900999' },
      publicUrl: 'https://redress.example.org',
    });
  });

  it('sends through its Messaging Service when one is given', () => {
    const settings = whatsAppSettings(parseConfig({ ...full, TWILIO_WHATSAPP_NUMBER: '+447700900999', TWILIO_WHATSAPP_MESSAGING_SERVICE_SID: service }));
    expect(settings).toMatchObject({ enabled: true, sender: { messagingServiceSid: service } });
  });

  it('is off without its number, or naming what else is missing', () => {
    expect(whatsAppSettings(parseConfig(full))).toEqual({ enabled: false, missing: ['TWILIO_WHATSAPP_NUMBER'] });
    expect(whatsAppSettings(parseConfig({ TWILIO_WHATSAPP_NUMBER: '+447700900999' }))).toEqual({
      enabled: false,
      missing: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL'],
    });
  });

  it('refuses a number that is not E.164', () => {
    expect(() => parseConfig({ TWILIO_WHATSAPP_NUMBER: 'whatsapp:+447700900999' })).toThrow(/TWILIO_WHATSAPP_NUMBER/);
  });
});

describe(twilioErrorReason.name, () => {
  it("names a WhatsApp error's meaning, and any other code alone", () => {
    expect(twilioErrorReason('63016')).toBe("Twilio 63016 (outside WhatsApp's 24-hour customer-service window, where only an approved template may be sent)");
    expect(twilioErrorReason(30003)).toBe('Twilio 30003');
    expect(twilioErrorReason(undefined)).toBe('Twilio error');
  });
});
