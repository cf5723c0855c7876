import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { StaffRole } from '../staff-keys/staff-api-keys.js';
import { newToken, tokenHash } from './session-token.js';
import { StaffSessionRepository } from './staff-session.repository.js';

/** Slack's OpenID Connect endpoints and this app's credentials; see `reportsPageSettings`. */
export interface SlackSignInSettings {
  clientId: string;
  clientSecret: string;
  /** The workspace whose members may sign in (`T…`): the id_token's `https://slack.com/team_id` must equal it. */
  teamId: string;
  authorizeUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  issuer: string;
}

export const SLACK_SIGN_IN_SETTINGS = Symbol('SLACK_SIGN_IN_SETTINGS');

/** The role a Slack user has as staff (as Slack's own buttons and commands decide it), or undefined for anyone else. */
export type SlackStaffRoles = (slackUserId: string) => StaffRole | undefined;
export const SLACK_STAFF_ROLES = Symbol('SLACK_STAFF_ROLES');

/** How long a sign-in may take between leaving for Slack and coming back. */
const ATTEMPT_TTL_MS = 10 * 60_000;

const TEAM_CLAIM = 'https://slack.com/team_id';
const USER_CLAIM = 'https://slack.com/user_id';

export type SlackSignInResult =
  | { ok: true; staffId: string; role: StaffRole; teamId: string }
  | { ok: false; reason: 'cancelled' | 'expired' | 'not_verified' | 'wrong_workspace' | 'not_staff' | 'slack_unavailable' };

/**
 * "Sign in with Slack", OpenID Connect's authorization code flow as Slack runs it: the browser is sent to Slack with
 * a one-time `state` and `nonce`; on its way back the code is exchanged for an id_token, whose signature (Slack's
 * published keys), issuer, audience, expiry and nonce jose checks, and whose workspace must be ours.
 */
@Injectable()
export class SlackSignIn {
  private readonly logger = new Logger('SlackSignIn');
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    @Inject(SLACK_SIGN_IN_SETTINGS) private readonly settings: SlackSignInSettings,
    @Inject(SLACK_STAFF_ROLES) private readonly roles: SlackStaffRoles,
    private readonly attempts: StaffSessionRepository,
  ) {
    // jose keeps the key set and fetches it again when a token names a key it has not seen (Slack rotates them).
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 10_000 });
  }

  /**
   * Where to send the browser, and the token of the cookie that binds the attempt to it: a state stolen or planted in
   * another browser (login CSRF) finds no matching cookie there.
   */
  async begin(redirectUri: string, now: Date): Promise<{ location: string; browserToken: string }> {
    const state = newToken();
    const nonce = newToken();
    const browserToken = newToken();
    await this.attempts.deleteAttemptsBefore(new Date(now.getTime() - ATTEMPT_TTL_MS).toISOString());
    await this.attempts.insertAttempt({ stateHash: tokenHash(state), nonce, browserHash: tokenHash(browserToken), createdAt: now.toISOString() });
    const url = new URL(this.settings.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: this.settings.clientId,
      redirect_uri: redirectUri,
      state,
      nonce,
      // Slack then asks for this workspace rather than whichever the browser was last signed in to.
      team: this.settings.teamId,
    }).toString();
    return { location: url.toString(), browserToken };
  }

  /** The staff member Slack vouches for, or why not. The state is used up whatever the outcome. */
  async finish(
    callback: { code?: string; state?: string; error?: string },
    browserToken: string | undefined,
    redirectUri: string,
    now: Date,
  ): Promise<SlackSignInResult> {
    if (!callback.state) return { ok: false, reason: 'expired' };
    const attempt = await this.attempts.takeAttempt(tokenHash(callback.state));
    if (!attempt || !browserToken || tokenHash(browserToken) !== attempt.browserHash || now.getTime() - Date.parse(attempt.createdAt) > ATTEMPT_TTL_MS) {
      return { ok: false, reason: 'expired' };
    }
    if (callback.error || !callback.code) return { ok: false, reason: 'cancelled' };

    const idToken = await this.exchange(callback.code, redirectUri);
    if (!idToken) return { ok: false, reason: 'slack_unavailable' };
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(idToken, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'sub', 'nonce', TEAM_CLAIM],
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        this.logger.warn(`A Slack id_token was refused: ${error.code} ${error.message}`);
        return { ok: false, reason: 'not_verified' };
      }
      throw error;
    }
    if (claims.nonce !== attempt.nonce) {
      this.logger.warn('A Slack id_token was refused: its nonce is not the one this sign-in sent');
      return { ok: false, reason: 'not_verified' };
    }
    const teamId = claims[TEAM_CLAIM];
    if (teamId !== this.settings.teamId) return { ok: false, reason: 'wrong_workspace' };
    const userId = typeof claims[USER_CLAIM] === 'string' ? (claims[USER_CLAIM] as string) : (claims.sub as string);
    const role = this.roles(userId);
    if (!role) {
      this.logger.warn(`Slack user ${userId} tried to sign in to the reports and is not staff`);
      return { ok: false, reason: 'not_staff' };
    }
    return { ok: true, staffId: userId, role, teamId };
  }

  /** The id_token for a code, or null when Slack refused or could not be reached (logged). */
  private async exchange(code: string, redirectUri: string): Promise<string | null> {
    try {
      const response = await fetch(this.settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { ok?: boolean; id_token?: unknown; error?: string };
      if (body.ok === true && typeof body.id_token === 'string') return body.id_token;
      this.logger.warn(`Slack refused the sign-in code: HTTP ${response.status} ${body.error ?? ''}`);
      return null;
    } catch (error) {
      this.logger.warn(`Slack could not be asked for the sign-in token: ${String(error)}`);
      return null;
    }
  }
}
