import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { StaffApiKeyRecord } from './staff-api-key.entity.js';
import { StaffApiKeyRepository } from './staff-api-key.repository.js';
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
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly keys: StaffApiKeyRepository,
  ) {}

  /** A new key for a member of staff; the token is returned once and never stored. */
  async create(staffId: string, role: StaffRole, now: Date): Promise<{ id: string; token: string }> {
    const key = newStaffKey();
    await this.unitOfWork.transaction(() =>
      this.keys.insert({
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

  async list(): Promise<StaffKeySummary[]> {
    const records = await this.keys.all();
    return records.map(({ secretHash: _hash, ...summary }) => summary);
  }

  /** Revokes a key and gives its holder a new one with the same role, in one step. */
  async rotate(id: string, now: Date): Promise<{ id: string; token: string } | null> {
    const key = newStaffKey();
    return this.unitOfWork.transaction(async () => {
      const old = await this.keys.find(id);
      if (!old || old.revokedAt) return null;
      await this.keys.revoke(id, now.toISOString());
      await this.keys.insert({ ...old, id: key.id, secretHash: key.secretHash, createdAt: now.toISOString(), lastUsedAt: null });
      return { id: key.id, token: key.token };
    });
  }

  /** True when the key existed and was still valid. */
  async revoke(id: string, now: Date): Promise<boolean> {
    return this.unitOfWork.transaction(() => this.keys.revoke(id, now.toISOString()));
  }

  /** The holder of a valid personal key, recording its use; null for anything else (wrong, revoked, not a personal key). */
  async authenticate(token: string, now: Date): Promise<KeyHolder | null> {
    const parsed = parseStaffKey(token);
    if (!parsed) return null;
    const record = await this.keys.find(parsed.id);
    if (!record || record.revokedAt || !secretMatches(parsed.secret, record.secretHash)) return null;
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= LAST_USE_PRECISION_MS) {
      await this.unitOfWork.transaction(() => this.keys.markUsed(record.id, now.toISOString()));
    }
    return { keyId: record.id, staffId: record.staffId, role: record.role };
  }
}
