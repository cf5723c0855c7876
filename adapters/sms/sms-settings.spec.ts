import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/config.schema.js';
import { smsSettings } from './sms-settings.js';

const sid = `AC${'a'.repeat(32)}`;
const service = `MG${'b'.repeat(32)}`;
const full = { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token', PUBLIC_URL: 'https://redress.example.org/' };

describe(smsSettings.name, () => {
  it('is on with a number to send from, and drops the trailing slash of PUBLIC_URL', () => {
    expect(smsSettings(parseConfig({ ...full, TWILIO_PHONE_NUMBER: '+447700900123' }))).toEqual({
      enabled: true,
      accountSid: sid,
      authToken: 'token',
      sender: { from: '+447700900123' },
      publicUrl: 'https://redress.example.org',
      apiUrl: undefined,
      mmsInbound: false,
    });
  });

  it('prefers a Messaging Service to a number', () => {
    const settings = smsSettings(parseConfig({ ...full, TWILIO_PHONE_NUMBER: '+447700900123', TWILIO_MESSAGING_SERVICE_SID: service }));
    expect(settings).toMatchObject({ enabled: true, sender: { messagingServiceSid: service } });
  });

  it('is off, naming what is missing', () => {
    expect(smsSettings(parseConfig({ TWILIO_AUTH_TOKEN: 'token' }))).toEqual({
      enabled: false,
      missing: ['TWILIO_ACCOUNT_SID', 'TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID', 'PUBLIC_URL'],
    });
  });
});
