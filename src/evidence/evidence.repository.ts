import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { EvidenceRecord } from './evidence.entity.js';
import type { EvidenceKind } from './evidence-type.js';

/** A file's particulars as stored. */
export interface EvidenceItem {
  id: string;
  complaintReference: string;
  origin: string;
  sourceKey: string;
  kind: EvidenceKind;
  mediaType: string;
  fileName: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: string;
}

/** Reads and writes of evidence particulars; callers never see how. */
@Injectable()
export class EvidenceRepository {
  private static readonly complaintLock = new Sql(
    'SELECT reference FROM complaints WHERE reference = ?',
    'SELECT reference FROM complaints WHERE reference = $1 FOR UPDATE',
  );
  private static readonly bySource = new Sql('SELECT id FROM evidence WHERE complaint_reference = ? AND source_key = ?');
  private static readonly countOf = new Sql('SELECT COUNT(*) AS n FROM evidence WHERE complaint_reference = ?');

  constructor(private readonly db: DatabaseAccess) {}

  /**
   * True when the complaint exists. Inside a transaction on PostgreSQL it also holds the complaint's row until the
   * end, so that two files arriving at once cannot both take the last place (SQLite runs one transaction at a time).
   */
  async holdComplaint(reference: string): Promise<boolean> {
    const { rows } = await this.db.sql(EvidenceRepository.complaintLock, [reference]);
    return rows.length > 0;
  }

  /** The id of the file stored from this delivery, if one was. */
  async idBySource(reference: string, sourceKey: string): Promise<string | undefined> {
    const { rows } = await this.db.sql<{ id: string }>(EvidenceRepository.bySource, [reference, sourceKey]);
    return rows[0]?.id;
  }

  async countFor(reference: string): Promise<number> {
    const { rows } = await this.db.sql<{ n: number | string }>(EvidenceRepository.countOf, [reference]);
    return Number(rows[0]?.n ?? 0);
  }

  async insert(item: EvidenceItem): Promise<void> {
    await this.db.run((manager) => manager.insert(EvidenceRecord, Object.assign(new EvidenceRecord(), item)));
  }

  /** A complaint's files, oldest first. */
  async listFor(reference: string): Promise<EvidenceItem[]> {
    const records = await this.db.run((manager) => manager.find(EvidenceRecord, { where: { complaintReference: reference }, order: { createdAt: 'ASC', id: 'ASC' } }));
    return records.map(toItem);
  }

  /** The files of these complaints, oldest first. */
  async listForAll(references: readonly string[]): Promise<EvidenceItem[]> {
    if (references.length === 0) return [];
    const records = await this.db.run((manager) =>
      manager.find(EvidenceRecord, { where: { complaintReference: In([...references]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
    return records.map(toItem);
  }

  /** Deletes the rows of these files; answers how many went. */
  async delete(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db.run((manager) => manager.delete(EvidenceRecord, { id: In([...ids]) }));
    return result.affected ?? 0;
  }

  /** Which of these storage keys a row names. */
  async recordedKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const records = await this.db.run((manager) => manager.find(EvidenceRecord, { select: { storageKey: true }, where: { storageKey: In([...keys]) } }));
    return new Set(records.map((record) => record.storageKey));
  }

  async find(reference: string, id: string): Promise<EvidenceItem | undefined> {
    const record = await this.db.run((manager) => manager.findOne(EvidenceRecord, { where: { complaintReference: reference, id } }));
    return record ? toItem(record) : undefined;
  }
}

function toItem(record: EvidenceRecord): EvidenceItem {
  return { ...record, size: Number(record.size) };
}
