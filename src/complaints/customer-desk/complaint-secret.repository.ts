import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../../database/database-access.js';
import { ComplaintSecretRecord } from './complaint-secret.entity.js';

/** The hash of each complaint's secret code. */
@Injectable()
export class ComplaintSecretRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async insert(secret: ComplaintSecretRecord): Promise<void> {
    await this.db.run((manager) => manager.insert(ComplaintSecretRecord, secret));
  }

  async codeHashOf(reference: string): Promise<string | null> {
    const secret = await this.db.run((manager) => manager.findOneBy(ComplaintSecretRecord, { reference }));
    return secret?.codeHash ?? null;
  }

  async delete(reference: string): Promise<void> {
    await this.db.run((manager) => manager.delete(ComplaintSecretRecord, { reference }));
  }
}
