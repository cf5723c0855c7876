import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { STAFF_API_KEY } from '../staff-keys/shared-staff-key.js';
import { StaffApiKeys } from '../staff-keys/staff-api-keys.js';
import type { StaffRole } from '../staff-keys/staff-api-keys.js';
import { newToken, signOutToken, tokenHash } from './session-token.js';
import { SLACK_STAFF_ROLES, type SlackStaffRoles } from './slack-sign-in.js';
import { StaffSessionRepository } from './staff-session.repository.js';

/** Whom a session speaks for, and what the page needs of it. */
export interface SignedInStaff {
  staffId: string;
  role: StaffRole;
  /** How they signed in: a personal key, the shared key, or Slack. */
  via: 'key' | 'shared' | 'slack';
  /** The token the sign-out form must carry. */
  signOutToken: string;
}

export interface SessionHolder {
  staffId: string;
  role: StaffRole;
  /** See StaffSessionRecord.credential. */
  credential: string;
}

/** Last use is written at most this often, so that reading the page does not write on every request. */
const TOUCH_PRECISION_MS = 60_000;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Staff sessions of the report page: started by a staff key or by Slack, ended by signing out, by being idle too
 * long, by their absolute age, or, for a personal key's, by the key's revocation.
 */
@Injectable()
export class StaffSessions {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly sharedDigest: Buffer;
  /** Names the shared key a session came from without keeping it: a changed STAFF_API_KEY ends those sessions. */
  private readonly sharedCredential: string;

  constructor(
    private readonly sessions: StaffSessionRepository,
    private readonly keys: StaffApiKeys,
    @Inject(STAFF_API_KEY) sharedKey: string,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'REPORTS_SESSION_IDLE_MINUTES' | 'REPORTS_SESSION_MAX_HOURS'>,
    /** Who is staff in Slack now; absent when Sign in with Slack is not set up, and then no Slack session holds. */
    @Optional() @Inject(SLACK_STAFF_ROLES) private readonly slackRoles?: SlackStaffRoles,
  ) {
    this.idleMs = config.REPORTS_SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.REPORTS_SESSION_MAX_HOURS * 3_600_000;
    this.sharedDigest = digest(sharedKey);
    this.sharedCredential = `shared:${createHash('sha256').update(`redress-session:${sharedKey}`).digest('hex').slice(0, 32)}`;
  }

  /** Who holds this staff key, as the staff API would take it (any valid key may read the reports); null otherwise. */
  async holderOfKey(key: string, now: Date): Promise<SessionHolder | null> {
    if (timingSafeEqual(digest(key), this.sharedDigest)) return { staffId: 'api', role: 'handler', credential: this.sharedCredential };
    const holder = await this.keys.authenticate(key, now);
    return holder ? { staffId: holder.staffId, role: holder.role, credential: `key:${holder.keyId}` } : null;
  }

  /** Starts a session; the token returned goes in the cookie and is never stored. */
  async start(holder: SessionHolder, now: Date): Promise<string> {
    const token = newToken();
    const at = now.toISOString();
    await this.sessions.insert({ tokenHash: tokenHash(token), ...holder, createdAt: at, lastSeenAt: at });
    // Expired sessions are swept as new ones start, so the table holds only live ones and a few stale.
    await this.sessions.deleteExpired(new Date(now.getTime() - this.idleMs).toISOString(), new Date(now.getTime() - this.maxMs).toISOString());
    return token;
  }

  /** The staff member of a live session, or null: unknown, expired, or from a key no longer valid. */
  async current(token: string | undefined, now: Date): Promise<SignedInStaff | null> {
    if (!token || token.length > 128) return null;
    const hash = tokenHash(token);
    const found = await this.sessions.find(hash);
    if (!found) return null;
    const { session, keyValid } = found;
    const idle = now.getTime() - Date.parse(session.lastSeenAt);
    const age = now.getTime() - Date.parse(session.createdAt);
    // A Slack user taken off the staff lists (or moved between them) is so from their next request, not their next sign-in.
    const role = session.credential.startsWith('slack:') ? this.slackRoles?.(session.staffId) : session.role;
    const credentialValid = role !== undefined && keyValid !== false && (!session.credential.startsWith('shared:') || session.credential === this.sharedCredential);
    if (idle >= this.idleMs || age >= this.maxMs || !credentialValid) {
      await this.sessions.delete(hash);
      return null;
    }
    if (idle >= TOUCH_PRECISION_MS) await this.sessions.touch(hash, now.toISOString());
    const via = session.credential.startsWith('slack:') ? 'slack' : session.credential.startsWith('shared:') ? 'shared' : 'key';
    return { staffId: session.staffId, role: role as StaffRole, via, signOutToken: signOutToken(token) };
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete(tokenHash(token));
  }
}
