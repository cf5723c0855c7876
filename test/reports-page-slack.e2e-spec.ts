import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { FakeSlackOidc, type SlackUser } from './support/fake-slack-oidc.js';
import { StaffBrowser, type Page } from './support/staff-browser.js';
import { startApp, type RunningApp } from './support/test-app.js';

const SESSION = 'redress_reports_session';
const CLIENT_ID = '2141029472.691202649728';
const CLIENT_SECRET = 'e1b9e11dfcd19c1982d5de12921e17e8c';
const words = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe.each(dialects())('Sign in with Slack on the report page, on %s', (dialect) => {
  let server: RunningApp;
  let slack: FakeSlackOidc;

  beforeAll(async () => {
    // tokens are issued at the server's time, once it has a clock
    const issuing = { now: () => new Date() };
    slack = await new FakeSlackOidc(CLIENT_ID, CLIENT_SECRET, () => issuing.now()).start();
    server = await startApp(dialect, {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_TEAM_ID: 'T0REDRESS',
      SLACK_OIDC_URL: slack.url,
      SLACK_API_URL: slack.apiUrl,
      SLACK_HANDLERS: 'U0HANDLER',
      SLACK_SUPERVISORS: 'U0SUPER',
    });
    issuing.now = () => server.clock.now();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  /** Starts at the sign-in page's button, goes through "Slack", and stops at the callback's answer. */
  async function signInWithSlack(browser: StaffBrowser, user: SlackUser): Promise<{ callback: Page; callbackUrl: string }> {
    slack.nextUser = user;
    const start = await browser.get('/reports/sign-in/slack');
    expect(start.status).toBe(302);
    const atSlack = await browser.get(start.location as string);
    expect(atSlack.status).toBe(302);
    const callbackUrl = atSlack.location as string;
    return { callback: await browser.get(callbackUrl), callbackUrl };
  }

  it('offers Sign in with Slack, and signs a handler in through Slack with a session', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    expect(words((await browser.get('/reports/sign-in')).text)).toContain('Sign in with Slack');
    const { callback } = await signInWithSlack(browser, { userId: 'U0HANDLER', teamId: 'T0REDRESS' });
    expect(callback).toMatchObject({ status: 303, location: '/reports' });
    expect(browser.setCookies.find((header) => header.startsWith(`${SESSION}=`))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/u);
    const page = await browser.get('/reports');
    expect(page.status).toBe(200);
    expect(words(page.text)).toContain('Signed in as U0HANDLER (handler, through Slack)');

    // what went to Slack: the code flow with a fresh state and nonce, for our workspace, back to the callback
    const asked = slack.authorizations.at(-1) as URLSearchParams;
    expect(Object.fromEntries(asked)).toMatchObject({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      team: 'T0REDRESS',
      redirect_uri: `${server.baseUrl}/reports/sign-in/slack/callback`,
    });
    expect(asked.get('state')).toMatch(/^[\w-]{43}$/u);
    expect(asked.get('nonce')).toMatch(/^[\w-]{43}$/u);
    expect(asked.get('nonce')).not.toBe(asked.get('state'));
    expect(Object.fromEntries(slack.tokenRequests.at(-1) as URLSearchParams)).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('signs a supervisor in with the supervisor role', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    const { callback } = await signInWithSlack(browser, { userId: 'U0SUPER', teamId: 'T0REDRESS' });
    expect(callback.status).toBe(303);
    expect(words((await browser.get('/reports')).text)).toContain('Signed in as U0SUPER (supervisor, through Slack)');
  });

  it.each([
    ['a Slack user who is not staff', { userId: 'U0STRANGER', teamId: 'T0REDRESS' }, 403, 'You are not on the complaints staff list'],
    ['a member of another workspace', { userId: 'U0HANDLER', teamId: 'T0OTHER' }, 403, 'That Slack workspace is not ours'],
    ['an id_token signed with a key Slack never published', { userId: 'U0HANDLER', teamId: 'T0REDRESS', forgeSignature: true }, 401, 'Slack’s answer could not be verified'],
    ['an id_token with another nonce', { userId: 'U0HANDLER', teamId: 'T0REDRESS', wrongNonce: true }, 401, 'Slack’s answer could not be verified'],
    ['an id_token for another app', { userId: 'U0HANDLER', teamId: 'T0REDRESS', audience: '999.999' }, 401, 'Slack’s answer could not be verified'],
  ])('refuses %s with a clear page and no session', async (_case, user, status, heading) => {
    const browser = new StaffBrowser(server.baseUrl);
    const { callback } = await signInWithSlack(browser, user);
    expect(callback.status).toBe(status);
    expect(words(callback.text)).toContain(heading);
    expect(browser.cookies.has(SESSION)).toBe(false);
    expect(await browser.get('/reports')).toMatchObject({ status: 303, location: '/reports/sign-in' });
  });

  it('takes a state once: the same callback replayed signs nobody in', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    const binding = () => browser.cookies.get('redress_reports_slack');
    slack.nextUser = { userId: 'U0HANDLER', teamId: 'T0REDRESS' };
    const start = await browser.get('/reports/sign-in/slack');
    const cookie = binding() as string;
    const callbackUrl = (await browser.get(start.location as string)).location as string;
    expect((await browser.get(callbackUrl)).status).toBe(303);

    const replay = new StaffBrowser(server.baseUrl);
    const again = await replay.get(callbackUrl, { cookie: `redress_reports_slack=${cookie}` });
    expect(again.status).toBe(400);
    expect(words(again.text)).toContain('That sign-in link has expired');
    expect(replay.cookies.has(SESSION)).toBe(false);
  });

  it('refuses a callback in a browser other than the one that started the sign-in', async () => {
    const starter = new StaffBrowser(server.baseUrl);
    slack.nextUser = { userId: 'U0HANDLER', teamId: 'T0REDRESS' };
    const start = await starter.get('/reports/sign-in/slack');
    const callbackUrl = (await starter.get(start.location as string)).location as string;
    const victim = new StaffBrowser(server.baseUrl);
    const planted = await victim.get(callbackUrl);
    expect(planted.status).toBe(400);
    expect(victim.cookies.has(SESSION)).toBe(false);
    // and the state is spent: the browser that started it cannot use it either
    expect((await starter.get(callbackUrl)).status).toBe(400);
  });

  it('refuses a sign-in cancelled at Slack, and one older than ten minutes', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    const start = await browser.get('/reports/sign-in/slack');
    const state = new URL(start.location as string).searchParams.get('state') as string;
    const cancelled = await browser.get(`/reports/sign-in/slack/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(cancelled.status).toBe(400);
    expect(words(cancelled.text)).toContain('Sign in with Slack was cancelled');

    const late = new StaffBrowser(server.baseUrl);
    slack.nextUser = { userId: 'U0HANDLER', teamId: 'T0REDRESS' };
    const begun = await late.get('/reports/sign-in/slack');
    const callbackUrl = (await late.get(begun.location as string)).location as string;
    const startedAt = server.clock.now();
    server.clock.set(new Date(startedAt.getTime() + 11 * 60_000).toISOString());
    try {
      expect((await late.get(callbackUrl)).status).toBe(400);
    } finally {
      server.clock.set(startedAt.toISOString());
    }
  });

  // Last: it leaves this address unable to start a Slack sign-in for a quarter of an hour.
  it('stops an address that starts sign-ins without end, each of which would keep a row', async () => {
    const browser = new StaffBrowser(server.baseUrl);
    let started = 0;
    while (started < 40 && (await browser.get('/reports/sign-in/slack')).status === 302) started++;
    // the tests above started some of the thirty too
    expect(started).toBeLessThan(30);
    const refused = await browser.get('/reports/sign-in/slack');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(words(refused.text)).toContain('Too many sign-ins were started from here');
  });
});
