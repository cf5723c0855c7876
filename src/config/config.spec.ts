import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from './config.schema.js';

describe(parseConfig.name, () => {
  it('applies embedded defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('coerces numbers and treats blank values as unset', () => {
    expect(parseConfig({ PORT: '8080', DATABASE_URL: '' }).PORT).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ STAFF_API_KEY: 'short' }, 'STAFF_API_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SQLITE_SYNCHRONOUS: 'off' }, 'SQLITE_SYNCHRONOUS'],
    [{ CHAT_STARTS_PER_MINUTE: '0' }, 'CHAT_STARTS_PER_MINUTE'],
  ])('stops on %p with one line naming %s', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(variable);
      expect(message).not.toContain('\n');
    }
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535'],
    [{ PORT: '0x10' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535'],
    [{ CHAT_STARTS_PER_MINUTE: '2.5' }, 'Invalid configuration: CHAT_STARTS_PER_MINUTE must be a whole number, 1 or more'],
    [{ BOT_SERVICE_ALLOW_ANONYMOUS: 'yes' }, 'Invalid configuration: BOT_SERVICE_ALLOW_ANONYMOUS must be true or false'],
    [{ SLACK_WEEKLY_DIGEST: 'every monday' }, 'Invalid configuration: SLACK_WEEKLY_DIGEST must be a day and a time such as "mon 09:00"'],
    [{ SLACK_WEEKLY_DIGEST: 'mon 9am' }, 'Invalid configuration: SLACK_WEEKLY_DIGEST must be a day and a time such as "mon 09:00"'],
  ])('says in words what %p should be', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('reads TRUST_PROXY=%p as Express takes it', (value, expected) => {
    expect(parseConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('takes SLACK_WEEKLY_DIGEST as a day and a time', () => {
    expect(parseConfig({ SLACK_WEEKLY_DIGEST: ' Friday 16:30 ' }).SLACK_WEEKLY_DIGEST).toBe('Friday 16:30');
    expect(parseConfig({}).SLACK_WEEKLY_DIGEST).toBeUndefined();
  });

  it('reads STAFF_FIRST_NAMES as first names by staff id, and refuses a list without names', () => {
    expect(parseConfig({ STAFF_FIRST_NAMES: 'U0HANDLER1=Priya, api-jo = Jo' }).STAFF_FIRST_NAMES).toEqual({ U0HANDLER1: 'Priya', 'api-jo': 'Jo' });
    expect(parseConfig({}).STAFF_FIRST_NAMES).toEqual({});
    expect(() => parseConfig({ STAFF_FIRST_NAMES: 'U0HANDLER1' })).toThrow('STAFF_FIRST_NAMES');
  });

  it('never echoes a secret value in its error', () => {
    expect(() => parseConfig({ STAFF_API_KEY: 'tiny-secret' })).toThrow(/^(?!.*tiny-secret).*$/);
  });
});
