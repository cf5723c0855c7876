import { describe, expect, it } from '@jest/globals';
import { SMS_DECLARATION } from '../../adapters/sms/sms.channel.js';
import { WEB_CHAT_DECLARATION } from '../../adapters/webchat/webchat.channel.js';
import { SMS_PROFILE, WEB_CHAT_PROFILE } from './channels.js';

/** The dialog tests run on SMS and web chat as their adapters declare them, or they would test something else. */
describe('the channels the dialog tests simulate', () => {
  it.each([
    ['SMS', SMS_PROFILE, SMS_DECLARATION],
    ['web chat', WEB_CHAT_PROFILE, WEB_CHAT_DECLARATION],
  ] as const)('simulate %s as its adapter declares it', (_name, profile, declaration) => {
    const { audience: _audience, address: _address, ...declared } = declaration;
    expect(profile).toEqual(declared);
  });
});
