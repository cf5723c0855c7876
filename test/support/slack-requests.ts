import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const TEAM = { id: 'T0REDRESS', domain: 'redress' };

export interface SlackRequestOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  secret?: string;
  /** X-Slack-Retry-Num, as Slack sends on a retried event. */
  retryNum?: number;
}

/** Sends a request to /slack/events signed as Slack signs it: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export async function sendToSlackEndpoint(
  baseUrl: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: SlackRequestOptions = {},
): Promise<{ status: number; text: string; body: any }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // empty or plain acknowledgement
  }
  return { status: response.status, text, body: parsed };
}

/** A slash command, as the form Slack posts. */
export function slashCommand(input: { text: string; userId: string; responseUrl: string; channelId?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channelId ?? 'C0CASES01',
    channel_name: 'complaints',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: '/complaint',
    text: input.text,
    api_app_id: 'A0REDRESS',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
}

/** A button pressed on a message: a `block_actions` payload in the form field `payload`. */
export function blockAction(input: {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: TEAM,
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0REDRESS',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: input.triggerId ?? `${Date.now()}.trigger`,
    channel: { id: input.channelId, name: 'complaints' },
    message: { type: 'message', ts: input.messageTs, text: 'Complaint', bot_id: 'B0REDRESSBOT' },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: 'case-actions',
        text: { type: 'plain_text', text: input.actionId },
        value: input.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A modal submitted: a `view_submission` payload built from the view Redress opened, with the values typed in. */
export function viewSubmission(input: { view: Record<string, any>; userId: string; values: Record<string, Record<string, unknown>> }): string {
  const payload = {
    type: 'view_submission',
    team: TEAM,
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0REDRESS',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    view: {
      id: input.view.id ?? 'V0MODAL',
      team_id: TEAM.id,
      type: 'modal',
      callback_id: input.view.callback_id,
      private_metadata: input.view.private_metadata,
      blocks: input.view.blocks,
      title: input.view.title,
      state: { values: input.values },
      hash: '1772445600.abcdef',
      app_id: 'A0REDRESS',
      bot_id: 'B0REDRESSBOT',
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** What a modal input holds, in `view.state.values` form. */
export const modalValue = {
  text: (value: string) => ({ value: { type: 'plain_text_input', value } }),
  option: (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } }),
  user: (id: string) => ({ value: { type: 'users_select', selected_user: id } }),
  checked: (values: string[]) => ({ value: { type: 'checkboxes', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) } }),
};

/** An Events API delivery (`event_callback`) of one event, with its event id. */
export function eventCallback(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: 'A0REDRESS',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM.id, user_id: 'U0REDRESSBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}
