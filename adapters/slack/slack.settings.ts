import { publicPageUrl } from '../../src/common/http/public-address.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { parseDigestSchedule, type DigestSchedule } from './digest-schedule.js';
import { StaffDirectory } from './staff-directory.js';

/** What the Slack app needs from the configuration; null when Slack is not set up. */
export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  /** Slack's Web API base URL, ending in `/api/` (a local fake in tests, GovSlack's in government workspaces). */
  apiUrl: string;
  /** Where each complaint's card is posted; without it there are no cards, but commands still work. */
  casesChannel: string | null;
  staff: StaffDirectory;
  /** The report page's address (PUBLIC_URL's `reports`), for links from Slack; null without PUBLIC_URL. */
  reportsUrl: string | null;
  /** When the weekly digest is posted to the cases channel (SLACK_WEEKLY_DIGEST); null: never. */
  weeklyDigest: DigestSchedule | null;
}

export const SLACK_SETTINGS = Symbol('SLACK_SETTINGS');

export function slackSettings(config: AppConfig): SlackSettings | null {
  if (!config.SLACK_SIGNING_SECRET || !config.SLACK_BOT_TOKEN) return null;
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    apiUrl: withTrailingSlash(config.SLACK_API_URL ?? 'https://slack.com/api/'),
    casesChannel: config.SLACK_CASES_CHANNEL ?? null,
    staff: new StaffDirectory(config.SLACK_HANDLERS, config.SLACK_SUPERVISORS, config.STAFF_FIRST_NAMES),
    // relative to PUBLIC_URL as a folder, so that a path prefix (https://example.com/redress/) is kept
    reportsUrl: config.PUBLIC_URL ? publicPageUrl(config.PUBLIC_URL, 'reports') : null,
    weeklyDigest: config.SLACK_WEEKLY_DIGEST ? parseDigestSchedule(config.SLACK_WEEKLY_DIGEST) : null,
  };
}

// The Web API client appends method names to the base URL as they are, so `…/api` would call `…/apichat.update`.
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
