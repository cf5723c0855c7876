import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../config/config.schema.js';
import { slackSignInSettings } from './reports-page.settings.js';

const SLACK = { SLACK_CLIENT_ID: '2141029472.691202649728', SLACK_CLIENT_SECRET: 'secret', SLACK_TEAM_ID: 'T0123ABCD' };

describe(slackSignInSettings.name, () => {
  it('is off when none of its settings is given', () => {
    expect(slackSignInSettings(parseConfig({}))).toBeNull();
  });

  it("uses Slack's own endpoints and issuer by default", () => {
    expect(slackSignInSettings(parseConfig(SLACK))).toEqual({
      clientId: '2141029472.691202649728',
      clientSecret: 'secret',
      teamId: 'T0123ABCD',
      authorizeUrl: 'https://slack.com/openid/connect/authorize',
      tokenUrl: 'https://slack.com/api/openid.connect.token',
      jwksUrl: 'https://slack.com/openid/connect/keys',
      issuer: 'https://slack.com',
    });
  });

  it('sends everything but the issuer to the configured hosts', () => {
    const settings = slackSignInSettings(parseConfig({ ...SLACK, SLACK_OIDC_URL: 'http://127.0.0.1:9/', SLACK_API_URL: 'http://127.0.0.1:9/api' }));
    expect(settings).toMatchObject({
      authorizeUrl: 'http://127.0.0.1:9/openid/connect/authorize',
      tokenUrl: 'http://127.0.0.1:9/api/openid.connect.token',
      jwksUrl: 'http://127.0.0.1:9/openid/connect/keys',
      issuer: 'https://slack.com',
    });
  });

  it('stops the start with one line when only some of its settings are given', () => {
    expect(() => slackSignInSettings(parseConfig({ SLACK_CLIENT_ID: SLACK.SLACK_CLIENT_ID }))).toThrow(
      'Invalid configuration: SLACK_CLIENT_SECRET must be set with SLACK_CLIENT_ID for Sign in with Slack',
    );
    expect(() => parseConfig({ SLACK_TEAM_ID: 'workspace' })).toThrow('SLACK_TEAM_ID must be a Slack workspace id such as T0123ABCD');
  });
});
