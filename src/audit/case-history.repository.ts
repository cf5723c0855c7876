import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { CaseEventRecord } from './case-event.entity.js';
import { CaseSealRecord } from './case-seal.entity.js';

/** The personal fields of an event as erasure leaves them. */
export type RedactedFields = Pick<CaseEventRecord, 'data' | 'reason' | 'erasedAt'>;

/** The case histories: the events of each case, in order, and the seal over the head of each. */
@Injectable()
export class CaseHistoryRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** The last event of a case's history, if it has any. */
  head(reference: string): Promise<CaseEventRecord | null> {
    return this.db.run((manager) => manager.findOne(CaseEventRecord, { where: { reference }, order: { seq: 'DESC' } }));
  }

  append(events: CaseEventRecord[]): Promise<CaseEventRecord[]> {
    return this.db.run((manager) => manager.getRepository(CaseEventRecord).save(events));
  }

  list(reference: string): Promise<CaseEventRecord[]> {
    return this.db.run((manager) => manager.find(CaseEventRecord, { where: { reference }, order: { seq: 'ASC' } }));
  }

  /** The one update the database lets through (see the CaseEventErasure migration): the salt goes with the fields. */
  async redact(id: number, fields: RedactedFields): Promise<void> {
    // TypeORM's partial type does not reach into a JSON column's Record
    await this.db.run((manager) => manager.update(CaseEventRecord, { id }, { data: fields.data as never, reason: fields.reason, salt: null, erasedAt: fields.erasedAt }));
  }

  /** Every case that has a history. */
  async references(): Promise<string[]> {
    const rows: { reference: string }[] = await this.db.run((manager) =>
      manager.createQueryBuilder(CaseEventRecord, 'e').select('DISTINCT e.reference', 'reference').getRawMany(),
    );
    return rows.map((row) => row.reference);
  }

  /** Cases whose history has no seal. */
  async unsealed(): Promise<string[]> {
    const rows: { reference: string }[] = await this.db.run((manager) =>
      manager
        .createQueryBuilder(CaseEventRecord, 'e')
        .select('DISTINCT e.reference', 'reference')
        .where('e.reference NOT IN (SELECT reference FROM case_seals)')
        .getRawMany(),
    );
    return rows.map((row) => row.reference);
  }

  async seal(seal: CaseSealRecord): Promise<void> {
    await this.db.run((manager) => manager.upsert(CaseSealRecord, seal, ['reference']));
  }

  sealOf(reference: string): Promise<CaseSealRecord | null> {
    return this.db.run((manager) => manager.findOneBy(CaseSealRecord, { reference }));
  }

  /** Seals written at or after `since`, by reference. */
  sealedSince(since: string): Promise<CaseSealRecord[]> {
    return this.db.run((manager) =>
      manager.createQueryBuilder(CaseSealRecord, 's').where('s.sealed_at >= :since', { since }).orderBy('s.reference').getMany(),
    );
  }

  /**
   * The names of the database's own guards that refuse updates and deletes of case_events (see the initial migration)
   * which are missing or switched off. A dropped trigger would otherwise stay dropped without a word.
   */
  async missingAppendOnlyTriggers(): Promise<string[]> {
    if (this.db.dialect === 'postgres') {
      const rows: { tgname: string }[] = await this.db.run((manager) =>
        manager.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'case_events'::regclass AND NOT tgisinternal AND tgenabled <> 'D'`),
      );
      return ['case_events_append_only'].filter((name) => !rows.some((row) => row.tgname === name));
    }
    const rows: { name: string }[] = await this.db.run((manager) => manager.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_events'`));
    return ['case_events_no_update', 'case_events_no_delete'].filter((name) => !rows.some((row) => row.name === name));
  }
}
