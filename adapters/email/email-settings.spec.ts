import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/config.schema.js';
import { emailSettings } from './email-settings.js';

describe(emailSettings.name, () => {
  it('is on with an SMTP server and a sender, and replies go to the sender unless told otherwise', () => {
    const settings = emailSettings(parseConfig({ SMTP_URL: 'smtps://user:secret@smtp.example.com:465', EMAIL_FROM: 'complaints@example.com' }));
    expect(settings).toMatchObject({ enabled: true, replyTo: 'complaints@example.com', maxMessageBytes: 1024 * 1024 });
  });

  it('names what is missing', () => {
    expect(emailSettings(parseConfig({ EMAIL_FROM: 'complaints@example.com' }))).toEqual({ enabled: false, missing: ['SMTP_URL'] });
  });

  it('refuses a URL that is not SMTP without repeating it, password and all', () => {
    const attempt = () => parseConfig({ SMTP_URL: 'https://user:hunter2-secret@smtp.example.com', EMAIL_FROM: 'complaints@example.com' });
    expect(attempt).toThrow('Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL');
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('refuses a sender that is not an email address', () => {
    expect(() => parseConfig({ EMAIL_FROM: 'Complaints' })).toThrow('EMAIL_FROM must be an email address');
  });
});
