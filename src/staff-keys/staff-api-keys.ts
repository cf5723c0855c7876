import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { StaffApiKeyRecord } from './staff-api-key.entity.js';
import { newStaffKey, parseStaffKey, secretMatches } from './staff-key-token.js';

export type StaffRole = StaffApiKeyRecord['role'];

/** What a list shows of a key: never its secret or hash. */
export type StaffKeySummary = Omit<StaffApiKeyRecord, 'secretHash'>;

/** Whom a personal key speaks for. */
export interface KeyHolder {
  keyId: string;
  staffId: string;
  role: StaffRole;
}

/** Last use is written at most this often per key, so a busy integration does not write on every request. */
const LAST_USE_PRECISION_MS = 60_000;

/** Personal staff API keys: created, listed, rotated and revoked by `npm run staff`, checked on every staff API call. */
@Injectable()
export class StaffApiKeys {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** A new key for a member of staff; the token is returned once and never stored. */
  async create(staffId: string, role: StaffRole, now: Date): Promise<{ id: string; token: string }> {
    const key = newStaffKey();
    await this.unitOfWork.transaction((manager) =>
      manager.insert(StaffApiKeyRecord, {
        id: key.id,
        staffId,
        role,
        secretHash: key.secretHash,
        createdAt: now.toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { id: key.id, token: key.token };
  }

  list(): Promise<StaffKeySummary[]> {
    return this.unitOfWork.read(async (manager) => {
      const records = await manager.find(StaffApiKeyRecord, { order: { staffId: 'ASC', createdAt: 'ASC' } });
      return records.map(({ secretHash: _hash, ...summary }) => summary);
    });
  }

  /** Revokes a key and gives its holder a new one with the same role, in one step. */
  async rotate(id: string, now: Date): Promise<{ id: string; token: string } | null> {
    const key = newStaffKey();
    return this.unitOfWork.transaction(async (manager) => {
      const old = await manager.findOneBy(StaffApiKeyRecord, { id });
      if (!old || old.revokedAt) return null;
      await manager.update(StaffApiKeyRecord, { id }, { revokedAt: now.toISOString() });
      await manager.insert(StaffApiKeyRecord, { ...old, id: key.id, secretHash: key.secretHash, createdAt: now.toISOString(), lastUsedAt: null });
      return { id: key.id, token: key.token };
    });
  }

  /** True when the key existed and was still valid. */
  async revoke(id: string, now: Date): Promise<boolean> {
    return this.unitOfWork.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(StaffApiKeyRecord)
        .set({ revokedAt: now.toISOString() })
        .where('id = :id AND revoked_at IS NULL', { id })
        .execute();
      return (result.affected ?? 0) > 0;
    });
  }

  /** The holder of a valid personal key, recording its use; null for anything else (wrong, revoked, not a personal key). */
  async authenticate(token: string, now: Date): Promise<KeyHolder | null> {
    const parsed = parseStaffKey(token);
    if (!parsed) return null;
    const record = await this.unitOfWork.read((manager) => manager.findOneBy(StaffApiKeyRecord, { id: parsed.id }));
    if (!record || record.revokedAt || !secretMatches(parsed.secret, record.secretHash)) return null;
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= LAST_USE_PRECISION_MS) {
      await this.unitOfWork.transaction((manager) => manager.update(StaffApiKeyRecord, { id: record.id }, { lastUsedAt: now.toISOString() }));
    }
    return { keyId: record.id, staffId: record.staffId, role: record.role };
  }
}
