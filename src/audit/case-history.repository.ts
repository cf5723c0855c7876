import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { CaseEventRecord } from './case-event.entity.js';
import { CaseSealRecord } from './case-seal.entity.js';

/** The personal fields of an event as erasure leaves them. */
export type RedactedFields = Pick<CaseEventRecord, 'data' | 'reason' | 'erasedAt'>;

/*
 * Every change to a case appends to its history and seals it anew: written by hand (see Sql), as TypeORM's save and
 * upsert cost more than the rest of the change.
 */
const HEAD = new Sql('SELECT seq, hash FROM case_events WHERE reference = ? ORDER BY seq DESC LIMIT 1');
const INSERT_EVENT = new Sql(
  `INSERT INTO case_events (reference, seq, type, actor, at, reason, data, hash_scheme, salt, erased_at, prev_hash, hash)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
);
/** A staff reply's words, read when it is sent (see StaffReplyTexts); none once the event is erased. */
const SENT_TEXT = new Sql("SELECT data FROM case_events WHERE id = ? AND reference = ? AND type = 'message.sent_to_customer' AND erased_at IS NULL");
const SEAL = new Sql(
  `INSERT INTO case_seals (reference, events, head_hash, seal, sealed_at) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (reference) DO UPDATE SET events = excluded.events, head_hash = excluded.head_hash, seal = excluded.seal, sealed_at = excluded.sealed_at`,
);

/** The case histories: the events of each case, in order, and the seal over the head of each. */
@Injectable()
export class CaseHistoryRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** Where a case's history ends: its last event's number and hash, if it has any. */
  async head(reference: string): Promise<Pick<CaseEventRecord, 'seq' | 'hash'> | null> {
    const { rows } = await this.db.sql<{ seq: number; hash: string }>(HEAD, [reference]);
    return rows[0] ?? null;
  }

  /** Writes the events, in order, and gives each its id. */
  async append(events: CaseEventRecord[]): Promise<CaseEventRecord[]> {
    for (const event of events) {
      const { rows } = await this.db.sql<{ id: number | string }>(INSERT_EVENT, [
        event.reference, event.seq, event.type, event.actor, event.at, event.reason, JSON.stringify(event.data), event.scheme,
        event.salt, event.erasedAt, event.prevHash, event.hash,
      ]);
      // PostgreSQL's pg hands a bigint back as text; the column is a 32-bit integer there
      event.id = Number(rows[0].id);
    }
    return events;
  }

  /** The words of the staff reply that is event `id` of the case, unless it is not one or has been erased. */
  async sentText(reference: string, id: number): Promise<string | null> {
    const { rows } = await this.db.sql<{ data: string | Record<string, unknown> }>(SENT_TEXT, [id, reference]);
    if (!rows[0]) return null;
    // a simple-json column: JSON text
    const data = (typeof rows[0].data === 'string' ? JSON.parse(rows[0].data) : rows[0].data) as { text?: unknown };
    return typeof data.text === 'string' ? data.text : null;
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
    await this.db.sql(SEAL, [seal.reference, seal.events, seal.headHash, seal.seal, seal.sealedAt]);
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
