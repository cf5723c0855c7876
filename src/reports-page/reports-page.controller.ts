import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Inject, Optional, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DisputeReportService } from '../indicators/dispute-report.service.js';
import { IndicatorsService } from '../indicators/indicators.service.js';
import { complaintReportCsv, disputeReportCsv, promiseReportCsv, satisfactionReportCsv } from '../indicators/report-csv.js';
import { SatisfactionReportService } from '../indicators/satisfaction-report.service.js';
import { readCookies } from './cookies.js';
import { renderReportPage, type ReportLabels } from './render-report-page.js';
import { renderRefusalPage, renderSignInPage } from './render-sign-in-page.js';
import { parseReportQuery, type ReportQuery } from './report-period.js';
import { newToken } from './session-token.js';
import { SignInLimits } from './sign-in-limits.js';
import { SlackSignIn, type SlackSignInResult } from './slack-sign-in.js';
import { StaffSessions, type SignedInStaff } from './staff-sessions.js';

/** The session cookie, the sign-in form's anti-forgery cookie, and the cookie binding a Slack sign-in to its browser. */
const SESSION_COOKIE = 'redress_reports_session';
const FORM_COOKIE = 'redress_reports_form';
const SLACK_COOKIE = 'redress_reports_slack';
const SLACK_CALLBACK = '/reports/sign-in/slack/callback';

// Inline styles only, as the public pages; no script at all. Forms post to this origin only.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const CHANNEL_NAMES: Record<string, string> = { webchat: 'Web chat', sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email', api: 'Staff API' };
const humanise = (id: string) => {
  const words = id.replace(/[-_]+/gu, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const SLACK_REFUSALS: Record<Exclude<SlackSignInResult, { ok: true }>['reason'], [number, string, string]> = {
  cancelled: [400, 'Sign in with Slack was cancelled', 'Slack did not sign you in. Try again, or sign in with your staff key.'],
  expired: [400, 'That sign-in link has expired', 'This sign-in was already used, is too old, or was started in another browser. Start again from the sign-in page.'],
  not_verified: [401, 'Slack’s answer could not be verified', 'The answer that came back from Slack was not properly signed for this app, so nobody was signed in. Start again from the sign-in page.'],
  wrong_workspace: [403, 'That Slack workspace is not ours', 'You signed in to a different Slack workspace from the one whose staff may see the report. Sign in to our workspace in Slack, then try again.'],
  not_staff: [403, 'You are not on the complaints staff list', 'Your Slack account is not one of the complaint handlers or supervisors, so you cannot see the report. Ask an administrator to add you if you need it.'],
  slack_unavailable: [502, 'Slack could not be reached', 'Slack did not confirm the sign-in. Try again in a minute, or sign in with your staff key.'],
};

/**
 * The staff report page and its sign-in: a session started with a staff key or through Slack, kept in an HttpOnly
 * cookie, and nothing of the figures shown without one.
 */
@ApiExcludeController()
@Controller('reports')
export class ReportsPageController {
  private readonly secureCookies: boolean | undefined;

  constructor(
    private readonly sessions: StaffSessions,
    private readonly limits: SignInLimits,
    private readonly indicators: IndicatorsService,
    private readonly satisfaction: SatisfactionReportService,
    private readonly disputes: DisputeReportService,
    private readonly conduct: CodeOfConductService,
    private readonly channels: ChannelRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly slack?: SlackSignIn,
  ) {
    this.secureCookies = config.REPORTS_SECURE_COOKIES ?? (config.PUBLIC_URL?.startsWith('https:') ? true : undefined);
  }

  @Get()
  async page(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const staff = await this.signedIn(request, response);
    if (!staff) return;
    const parsed = parseReportQuery(raw, this.clock.now());
    const query = parsed.query;
    const [complaints, promises, satisfaction] = [await this.indicators.complaints(query.filter), await this.indicators.promises(query.filter, 'month'), await this.satisfaction.report(query.filter)];
    const code = this.conduct.code;
    const html = renderReportPage(code, {
      query,
      problems: parsed.ok ? [] : parsed.problems,
      staff,
      complaints,
      promises,
      satisfaction,
      labels: this.labels(),
      categories: code.categories.map((category) => ({ id: category.id, label: category.label })),
      channels: [...this.channels.customerChannels().map((channel) => channel.id), 'api'].map((id) => ({ id, label: CHANNEL_NAMES[id] ?? humanise(id) })),
    });
    this.page_(response, parsed.ok ? 200 : 400, html);
  }

  @Get('promises.csv')
  async promisesCsv(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.csv(raw, request, response, 'promises', async (query) => promiseReportCsv(await this.indicators.promises(query.filter, 'month')));
  }

  @Get('complaints.csv')
  async complaintsCsv(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.csv(raw, request, response, 'complaints', async (query) => complaintReportCsv(await this.indicators.complaints(query.filter)));
  }

  @Get('satisfaction.csv')
  async satisfactionCsv(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.csv(raw, request, response, 'satisfaction', async (query) => satisfactionReportCsv(await this.satisfaction.report(query.filter)));
  }

  @Get('disputes.csv')
  async disputesCsv(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.csv(raw, request, response, 'disputes', async (query) => disputeReportCsv(await this.disputes.report(query.filter)));
  }

  @Get('sign-in')
  async signInPage(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (await this.sessions.current(readCookies(request.headers.cookie)[SESSION_COOKIE], this.clock.now())) {
      response.redirect(303, '/reports');
      return;
    }
    const notice = query.signed_out === '1' ? 'You have signed out.' : query.ended === '1' ? 'Your session has ended. Sign in again to see the report.' : undefined;
    this.signInForm(request, response, 200, notice ? { notice } : {});
  }

  @Post('sign-in')
  async signIn(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const address = request.ip ?? request.socket.remoteAddress ?? '';
    if (!this.formTokenMatches(request, form.token)) {
      this.signInForm(request, response, 403, { error: 'This sign-in form had expired or came from another site. Enter your key again.' });
      return;
    }
    const wait = await this.limits.waitSeconds(address);
    if (wait > 0) {
      response.setHeader('Retry-After', String(wait));
      this.signInForm(request, response, 429, { error: `Too many wrong keys were tried from here. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.` });
      return;
    }
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const now = this.clock.now();
    const holder = key && key.length <= 200 ? await this.sessions.holderOfKey(key, now) : null;
    if (!holder) {
      await this.limits.wrongKey(address);
      this.signInForm(request, response, 401, { error: key ? 'That staff key is not valid: it may be mistyped, or revoked.' : 'Enter your staff key.' });
      return;
    }
    await this.startSession(request, response, await this.sessions.start(holder, now));
  }

  @Get('sign-in/slack')
  async slackStart(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.slack) {
      this.page_(response, 404, renderRefusalPage(this.conduct.code, 'Sign in with Slack is not set up', 'Sign in with your staff key instead.'));
      return;
    }
    const wait = await this.limits.slackStart(request.ip ?? request.socket.remoteAddress ?? '');
    if (wait > 0) {
      response.setHeader('Retry-After', String(wait));
      this.page_(response, 429, renderRefusalPage(this.conduct.code, 'Too many sign-ins were started from here', `Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`));
      return;
    }
    const { location, browserToken } = await this.slack.begin(this.redirectUri(request), this.clock.now());
    // Lax, not Strict: the browser comes back to the callback from Slack's site, a cross-site navigation that a
    // Strict cookie would not be sent with. Path-limited to the callback, and short-lived.
    response.cookie(SLACK_COOKIE, browserToken, this.cookie(request, { sameSite: 'lax', path: '/reports/sign-in/slack', maxAge: 10 * 60_000 }));
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, location);
  }

  @Get('sign-in/slack/callback')
  async slackCallback(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.slack) {
      this.page_(response, 404, renderRefusalPage(this.conduct.code, 'Sign in with Slack is not set up', 'Sign in with your staff key instead.'));
      return;
    }
    const text = (value: unknown) => (typeof value === 'string' && value.length <= 2000 ? value : undefined);
    const browserToken = readCookies(request.headers.cookie)[SLACK_COOKIE];
    response.clearCookie(SLACK_COOKIE, this.cookie(request, { sameSite: 'lax', path: '/reports/sign-in/slack' }));
    const now = this.clock.now();
    const result = await this.slack.finish({ code: text(query.code), state: text(query.state), error: text(query.error) }, browserToken, this.redirectUri(request), now);
    if (!result.ok) {
      const [status, heading, words] = SLACK_REFUSALS[result.reason];
      this.page_(response, status, renderRefusalPage(this.conduct.code, heading, words));
      return;
    }
    const token = await this.sessions.start({ staffId: result.staffId, role: result.role, credential: `slack:${result.teamId}` }, now);
    await this.startSession(request, response, token);
  }

  @Post('sign-out')
  async signOut(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = readCookies(request.headers.cookie)[SESSION_COOKIE];
    const staff = await this.sessions.current(token, this.clock.now());
    const given = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).token : undefined) as unknown;
    if (staff && token) {
      // A sign-out another site posts is refused: it would be a nuisance, and the form carries a token it cannot know.
      if (typeof given !== 'string' || !sameText(given, staff.signOutToken)) {
        this.page_(response, 403, renderRefusalPage(this.conduct.code, 'You are still signed in', 'That sign-out did not come from the report page. Use the Sign out button on the report.'));
        return;
      }
      await this.sessions.end(token);
    }
    response.clearCookie(SESSION_COOKIE, this.cookie(request, { sameSite: 'lax', path: '/' }));
    response.redirect(303, '/reports/sign-in?signed_out=1');
  }

  /** The staff member signed in, or null after sending the browser to the sign-in page. */
  private async signedIn(request: Request, response: Response): Promise<SignedInStaff | null> {
    const token = readCookies(request.headers.cookie)[SESSION_COOKIE];
    const staff = await this.sessions.current(token, this.clock.now());
    if (staff) return staff;
    response.setHeader('Cache-Control', 'no-store');
    if (token) response.clearCookie(SESSION_COOKIE, this.cookie(request, { sameSite: 'lax', path: '/' }));
    response.redirect(303, token ? '/reports/sign-in?ended=1' : '/reports/sign-in');
    return null;
  }

  private async csv(raw: Record<string, unknown>, request: Request, response: Response, name: string, make: (query: ReportQuery) => Promise<string>): Promise<void> {
    if (!(await this.signedIn(request, response))) return;
    const parsed = parseReportQuery(raw, this.clock.now());
    response.setHeader('Cache-Control', 'no-store');
    if (!parsed.ok) {
      response.status(400).type('text/plain; charset=utf-8').send(parsed.problems.map((problem) => problem.message).join('\n'));
      return;
    }
    const { fromMonth, toMonth } = parsed.query;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${name}-${fromMonth}-to-${toMonth}.csv"`);
    response.status(200).send(await make(parsed.query));
  }

  private async startSession(request: Request, response: Response, token: string): Promise<void> {
    // Lax rather than Strict: a Strict cookie is not sent on the navigation that ends a Slack sign-in (it comes from
    // Slack's site) nor when a colleague follows a link to the report from Slack or email, which would look signed out.
    // Lax still keeps it off every cross-site POST and sub-request, and every change here is a POST with a token.
    response.cookie(SESSION_COOKIE, token, this.cookie(request, { sameSite: 'lax', path: '/' }));
    response.clearCookie(FORM_COOKIE, this.cookie(request, { sameSite: 'strict', path: '/reports/sign-in' }));
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(303, '/reports');
  }

  private signInForm(request: Request, response: Response, status: number, messages: { error?: string; notice?: string }): void {
    const formToken = newToken();
    // Strict: only this site's own form page and its post ever need it.
    response.cookie(FORM_COOKIE, formToken, this.cookie(request, { sameSite: 'strict', path: '/reports/sign-in', maxAge: 60 * 60_000 }));
    this.page_(response, status, renderSignInPage(this.conduct.code, { formToken, slack: Boolean(this.slack), ...messages }));
  }

  /** The sign-in form's token must match its cookie (a cross-site post has neither), and a browser saying the post is cross-site is believed. */
  private formTokenMatches(request: Request, given: unknown): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
    const expected = readCookies(request.headers.cookie)[FORM_COOKIE];
    return typeof given === 'string' && typeof expected === 'string' && sameText(given, expected);
  }

  private cookie(request: Request, options: { sameSite: 'lax' | 'strict'; path: string; maxAge?: number }): CookieOptions {
    return { httpOnly: true, secure: this.secureCookies ?? request.secure, ...options };
  }

  private redirectUri(request: Request): string {
    const base = this.config.PUBLIC_URL ? this.config.PUBLIC_URL.replace(/\/+$/u, '') : `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return `${base}${SLACK_CALLBACK}`;
  }

  private page_(response: Response, status: number, html: string): void {
    response.setHeader('Content-Security-Policy', PAGE_POLICY);
    response.setHeader('Cache-Control', 'no-store');
    response.status(status).type('text/html; charset=utf-8').send(html);
  }

  private labels(): ReportLabels {
    const code = this.conduct.code;
    const categories = new Map(code.categories.map((category) => [category.id, category.label]));
    const rootCauses = new Map(code.rootCauses.map((cause) => [cause.id, cause.label]));
    const promises = new Map(code.promises.map((promise) => [promise.id, promise.text]));
    return {
      category: (id) => (id === null ? 'None' : (categories.get(id) ?? humanise(id))),
      channel: (id) => (id === null ? 'None' : (CHANNEL_NAMES[id] ?? humanise(id))),
      rootCause: (id) => (id === null ? 'None recorded' : (rootCauses.get(id) ?? humanise(id))),
      // staff write the outcome in their own words when they close a case: it is its own label
      outcome: (id) => (id === null ? 'Not closed yet' : id),
      promise: (id) => shortPromise(promises.get(id) ?? humanise(id)),
    };
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Promise texts are sentences; a legend and a table heading need a few words. */
function shortPromise(text: string): string {
  const words = text.split(/\s+/u);
  return words.length <= 8 ? text : `${words.slice(0, 8).join(' ')}…`;
}
