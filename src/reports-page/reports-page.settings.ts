import { ConfigError, type AppConfig } from '../config/config.schema.js';
import type { SlackSignInSettings } from './slack-sign-in.js';

/** Slack's id_tokens name this issuer, whichever host serves its pages. */
export const SLACK_ISSUER = 'https://slack.com';

/**
 * "Sign in with Slack" when its three settings are given, null when none is; a partial set stops the start with one
 * line naming what is missing, as every other bad setting does.
 */
export function slackSignInSettings(config: AppConfig): SlackSignInSettings | null {
  const given = { SLACK_CLIENT_ID: config.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: config.SLACK_CLIENT_SECRET, SLACK_TEAM_ID: config.SLACK_TEAM_ID };
  const missing = Object.entries(given).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length === 3) return null;
  if (missing.length > 0) throw new ConfigError(`Invalid configuration: ${missing[0]} must be set with ${Object.keys(given).filter((name) => !missing.includes(name)).join(' and ')} for Sign in with Slack`);
  const pages = (config.SLACK_OIDC_URL ?? 'https://slack.com').replace(/\/+$/u, '');
  const api = config.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    clientId: config.SLACK_CLIENT_ID as string,
    clientSecret: config.SLACK_CLIENT_SECRET as string,
    teamId: config.SLACK_TEAM_ID as string,
    authorizeUrl: `${pages}/openid/connect/authorize`,
    jwksUrl: `${pages}/openid/connect/keys`,
    tokenUrl: `${api.endsWith('/') ? api : `${api}/`}openid.connect.token`,
    issuer: SLACK_ISSUER,
  };
}
