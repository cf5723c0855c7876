import { Injectable } from '@nestjs/common';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiters } from '../database/rate-limiters.js';

/** Wrong keys one client address may try in the window before it must wait. */
export const WRONG_KEYS_ALLOWED = 10;
const WINDOW_SECONDS = 15 * 60;
/** "Sign in with Slack" started from one client address in the window: each keeps a row for ten minutes. */
export const SLACK_STARTS_ALLOWED = 30;

/**
 * Guessing a staff key through the sign-in form: wrong keys are counted per client address (the one TRUST_PROXY
 * lets Express see), and past the limit every attempt waits out the window, right key or not. Counted as the web chat's
 * limits are: across every instance on PostgreSQL, in memory on SQLite.
 */
@Injectable()
export class SignInLimits {
  private readonly wrongKeys: RateLimiterAbstract;
  private readonly slackStarts: RateLimiterAbstract;

  constructor(limiters: RateLimiters) {
    this.wrongKeys = limiters.create({ keyPrefix: 'reports-sign-in', points: WRONG_KEYS_ALLOWED, duration: WINDOW_SECONDS });
    this.slackStarts = limiters.create({ keyPrefix: 'reports-slack-start', points: SLACK_STARTS_ALLOWED, duration: WINDOW_SECONDS });
  }

  /** Counts a Slack sign-in started; seconds to wait when the address has started too many, else 0. */
  async slackStart(address: string): Promise<number> {
    try {
      await this.slackStarts.consume(address);
      return 0;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    }
  }

  /** Seconds to wait before trying again, or 0 when the address may try now. */
  async waitSeconds(address: string): Promise<number> {
    const state = await this.wrongKeys.get(address);
    if (!state || state.consumedPoints < WRONG_KEYS_ALLOWED) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  async wrongKey(address: string): Promise<void> {
    try {
      await this.wrongKeys.consume(address);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      // already over the limit: waitSeconds says so on the next attempt
    }
  }
}
