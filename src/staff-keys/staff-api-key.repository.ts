import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { StaffApiKeyRecord } from './staff-api-key.entity.js';

/** Personal staff API keys, by their id; only their secret's hash is kept. */
@Injectable()
export class StaffApiKeyRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(key: StaffApiKeyRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(StaffApiKeyRecord, key));
  }

  find(id: string): Promise<StaffApiKeyRecord | null> {
    return this.db.run((manager) => manager.findOneBy(StaffApiKeyRecord, { id }));
  }

  /** By holder, oldest first. */
  all(): Promise<StaffApiKeyRecord[]> {
    return this.db.run((manager) => manager.find(StaffApiKeyRecord, { order: { staffId: 'ASC', createdAt: 'ASC' } }));
  }

  /** True when the key was still valid, and now is not. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.run((manager) =>
      manager.createQueryBuilder().update(StaffApiKeyRecord).set({ revokedAt: at }).where('id = :id AND revoked_at IS NULL', { id }).execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db.run((manager) => manager.update(StaffApiKeyRecord, { id }, { lastUsedAt: at }));
  }
}
