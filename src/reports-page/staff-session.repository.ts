import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { StaffApiKeyRecord } from '../staff-keys/staff-api-key.entity.js';
import { StaffSessionRecord, StaffSignInAttemptRecord } from './reports-page.entities.js';

/** A session as found: its record, and whether the personal staff key it came from is still valid (null when none). */
export interface FoundSession {
  session: StaffSessionRecord;
  /** For a `key:` session: false once the key is revoked or gone. */
  keyValid: boolean | null;
}

/** Staff sessions and Slack sign-in attempts, by the hash of their token or state. */
@Injectable()
export class StaffSessionRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(session: StaffSessionRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(StaffSessionRecord, session));
  }

  /** The session, with the state of the personal staff key it came from. */
  async find(tokenHash: string): Promise<FoundSession | null> {
    return this.db.run(async (manager) => {
      const session = await manager.findOneBy(StaffSessionRecord, { tokenHash });
      if (!session) return null;
      if (!session.credential.startsWith('key:')) return { session, keyValid: null };
      const key = await manager.findOneBy(StaffApiKeyRecord, { id: session.credential.slice('key:'.length) });
      return { session, keyValid: key !== null && key.revokedAt === null };
    });
  }

  async touch(tokenHash: string, at: string): Promise<void> {
    await this.db.run((manager) => manager.update(StaffSessionRecord, { tokenHash }, { lastSeenAt: at }));
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.run((manager) => manager.delete(StaffSessionRecord, { tokenHash }));
  }

  /** Removes the sessions idle since `idleBefore` or started before `startedBefore`. */
  async deleteExpired(idleBefore: string, startedBefore: string): Promise<void> {
    await this.db.run((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(StaffSessionRecord)
        .where('last_seen_at < :idleBefore OR created_at < :startedBefore', { idleBefore, startedBefore })
        .execute(),
    );
  }

  async insertAttempt(attempt: StaffSignInAttemptRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(StaffSignInAttemptRecord, attempt));
  }

  /**
   * The attempt of this state, deleted in the same step: of two callbacks with one state, only the one whose delete
   * removed the row gets it, so a state is good once.
   */
  async takeAttempt(stateHash: string): Promise<StaffSignInAttemptRecord | null> {
    return this.db.transaction(async (manager) => {
      const attempt = await manager.findOneBy(StaffSignInAttemptRecord, { stateHash });
      if (!attempt) return null;
      const result = await manager.delete(StaffSignInAttemptRecord, { stateHash });
      return (result.affected ?? 0) > 0 ? attempt : null;
    });
  }

  async deleteAttemptsBefore(before: string): Promise<void> {
    await this.db.run((manager) =>
      manager.createQueryBuilder().delete().from(StaffSignInAttemptRecord).where('created_at < :before', { before }).execute(),
    );
  }
}
