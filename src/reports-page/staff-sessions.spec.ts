import { describe, expect, it } from '@jest/globals';
import type { StaffApiKeys } from '../staff-keys/staff-api-keys.js';
import type { StaffSessionRecord } from './reports-page.entities.js';
import type { FoundSession, StaffSessionRepository } from './staff-session.repository.js';
import type { SlackStaffRoles } from './slack-sign-in.js';
import { StaffSessions } from './staff-sessions.js';

/** The sessions table in memory; every personal key valid. */
class MemorySessions {
  readonly rows = new Map<string, StaffSessionRecord>();
  async insert(session: StaffSessionRecord) {
    this.rows.set(session.tokenHash, { ...session });
  }
  async find(hash: string): Promise<FoundSession | null> {
    const session = this.rows.get(hash);
    return session ? { session: { ...session }, keyValid: session.credential.startsWith('key:') ? true : null } : null;
  }
  async touch(hash: string, at: string) {
    const row = this.rows.get(hash);
    if (row) row.lastSeenAt = at;
  }
  async delete(hash: string) {
    this.rows.delete(hash);
  }
  async deleteExpired() {}
}

const CONFIG = { REPORTS_SESSION_IDLE_MINUTES: 480, REPORTS_SESSION_MAX_HOURS: 24 };
const NOW = new Date('2026-12-05T09:00:00Z');
const noKeys = {} as StaffApiKeys;

function sessions(roles?: SlackStaffRoles, shared = 'shared-key-0123456789') {
  const memory = new MemorySessions();
  return { memory, sessions: new StaffSessions(memory as unknown as StaffSessionRepository, noKeys, shared, CONFIG, roles) };
}

describe(StaffSessions.name, () => {
  it('holds a Slack session only while the user is still on the staff lists, with the role they have now', async () => {
    const lists = new Map<string, 'handler' | 'supervisor'>([['U0PRIYA', 'handler']]);
    const { sessions: staff } = sessions((id) => lists.get(id));
    const token = await staff.start({ staffId: 'U0PRIYA', role: 'handler', credential: 'slack:T0REDRESS' }, NOW);
    expect(await staff.current(token, NOW)).toMatchObject({ staffId: 'U0PRIYA', role: 'handler', via: 'slack' });
    lists.set('U0PRIYA', 'supervisor');
    expect(await staff.current(token, NOW)).toMatchObject({ role: 'supervisor' });
    lists.delete('U0PRIYA');
    expect(await staff.current(token, NOW)).toBeNull();
    lists.set('U0PRIYA', 'handler');
    // ended for good: taking her off the list ended the session
    expect(await staff.current(token, NOW)).toBeNull();
  });

  it('holds no Slack session once Sign in with Slack is no longer set up', async () => {
    const before = sessions(() => 'handler');
    const token = await before.sessions.start({ staffId: 'U0PRIYA', role: 'handler', credential: 'slack:T0REDRESS' }, NOW);
    const after = new StaffSessions(before.memory as unknown as StaffSessionRepository, noKeys, 'shared-key-0123456789', CONFIG);
    expect(await after.current(token, NOW)).toBeNull();
  });

  it('ends the sessions of the shared key when the shared key changes', async () => {
    const first = sessions();
    const holder = await first.sessions.holderOfKey('shared-key-0123456789', NOW);
    expect(holder).toMatchObject({ staffId: 'api', role: 'handler' });
    const token = await first.sessions.start(holder!, NOW);
    expect(await first.sessions.current(token, NOW)).toMatchObject({ via: 'shared' });
    const changed = new StaffSessions(first.memory as unknown as StaffSessionRepository, noKeys, 'another-shared-key-987654', CONFIG);
    expect(await changed.current(token, NOW)).toBeNull();
  });

  it('keeps only the hash of the token, and ends a session a day after it started however busy', async () => {
    const { memory, sessions: staff } = sessions();
    const token = await staff.start({ staffId: 'api', role: 'handler', credential: 'key:abc' }, NOW);
    expect([...memory.rows.keys()]).not.toContain(token);
    expect(JSON.stringify([...memory.rows.values()])).not.toContain(token);
    expect(await staff.current(token, new Date(NOW.getTime() + 8 * 3_600_000 - 1000))).not.toBeNull();
    expect(await staff.current(token, new Date(NOW.getTime() + 16 * 3_600_000 - 2000))).not.toBeNull();
    expect(await staff.current(token, new Date(NOW.getTime() + 24 * 3_600_000 + 1000))).toBeNull();
  });
});
