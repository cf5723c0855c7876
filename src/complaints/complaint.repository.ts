import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan, LessThanOrEqual, MoreThan, type FindOptionsWhere } from 'typeorm';
import { batches } from '../database/batched-rows.js';
import { DatabaseAccess } from '../database/database-access.js';
import { Sql } from '../database/sql.js';
import { ComplaintRecord } from './complaint.entity.js';
import type { Complaint, ComplaintStatus, Contact } from './domain/complaint.js';

export interface ComplaintFilter {
  status?: ComplaintStatus[];
  category?: string;
  assignee?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
  /** Count every match, however many; otherwise the count stops at LIST_TOTAL_CAP. */
  exactTotal?: boolean;
}

/**
 * How far a list counts its matches. A filter that matches a share of every complaint ever received (all closed
 * billing cases) would otherwise cost more to count with every complaint added; a page itself costs the same at any size.
 */
export const LIST_TOTAL_CAP = 10_000;

/** A case as read for a change: the version it was read at, which the write must still find. */
export interface VersionedComplaint {
  complaint: Complaint;
  version: number;
}

/** Who a complaint belongs to, as stored: the conversation that made it, or the address it names as its contact. */
export interface ComplaintOwner {
  originKey: string;
  contactKind: Contact['kind'];
  contactValue: string;
}

/** What a complaint waits on its customer for: a question to answer, or a proposed response to accept or reject. */
export type AwaitedComplaint =
  | { reference: string; status: 'awaiting_customer'; openQuestion: string | null }
  | { reference: string; status: 'response_proposed'; proposedResponse: { outcome: string; explanation: string } };

/** Asked at least twice in every dialog turn, so written by hand (see Sql). */
const AWAITING_OWNER = new Sql(
  `SELECT reference, status, open_question AS "openQuestion", proposed_response AS "proposedResponse" FROM complaints
   WHERE status IN ('awaiting_customer', 'response_proposed') AND (origin_key = ? OR (contact_kind = ? AND contact_value = ?))
   ORDER BY updated_at DESC LIMIT 1`,
);

/** Every column a new case writes, in the order of `insertedValues`. */
const INSERT_COMPLAINT = new Sql(
  `INSERT INTO complaints (reference, status, channel, contact_kind, contact_value, origin_key, customer_name, language, category,
     description, remedy_sought, occurred_on, assessment, priority, assignee_id, involved_staff_ids, deadlines, next_due_at, paused_at,
     open_question, proposed_response, closure, received_at, acknowledged_at, resolved_at, closed_at, withdrawn_at, erased_at, updated_at,
     version)
   VALUES (${Array(30).fill('?').join(', ')})`,
);

/** A simple-json column's text, as TypeORM writes it on both dialects. */
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function insertedValues(r: ComplaintRecord): unknown[] {
  return [
    r.reference, r.status, r.channel, r.contactKind, r.contactValue, r.originKey, r.customerName, r.language, r.category,
    r.description, r.remedySought, r.occurredOn, json(r.assessment), r.priority, r.assigneeId, json(r.involvedStaffIds), json(r.deadlines),
    r.nextDueAt, r.pausedAt, r.openQuestion, json(r.proposedResponse), json(r.closure), r.receivedAt, r.acknowledgedAt, r.resolvedAt,
    r.closedAt, r.withdrawnAt, r.erasedAt, r.updatedAt, r.version,
  ];
}

/** The complaints table: each case as the workflow last left it. */
@Injectable()
export class ComplaintRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** A new case; written by hand, as every complaint made goes through it (see Sql). */
  async insert(complaint: Complaint): Promise<void> {
    await this.db.sql(INSERT_COMPLAINT, insertedValues(ComplaintRecord.fromDomain(complaint, 1)));
  }

  /**
   * `forUpdate` inside a transaction: PostgreSQL then queues writers of one case on its row; SQLite's writers are
   * queued already, one transaction at a time.
   */
  async find(reference: string, options = { forUpdate: false }): Promise<VersionedComplaint | null> {
    const lock = options.forUpdate && this.db.dialect === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
    const record = await this.db.run((manager) => manager.findOne(ComplaintRecord, { where: { reference }, lock }));
    return record ? { complaint: record.toDomain(), version: record.version } : null;
  }

  /** Writes the case if it is still at `version` (bumping it); false when another writer changed it first. */
  async update(complaint: Complaint, version: number): Promise<boolean> {
    const { reference, version: _version, ...columns } = ComplaintRecord.fromDomain(complaint, version);
    const updated = await this.db.run((manager) =>
      manager
        .createQueryBuilder()
        .update(ComplaintRecord)
        .set(columns)
        .where('reference = :reference AND version = :version', { reference, version })
        .execute(),
    );
    return updated.affected !== 0;
  }

  /** Newest first; `now` decides what is overdue. `total` stops at LIST_TOTAL_CAP unless `exactTotal` (then `capped`). */
  async page(filter: ComplaintFilter, now: string): Promise<{ items: Complaint[]; total: number; capped: boolean }> {
    const where: FindOptionsWhere<ComplaintRecord> = {};
    if (filter.status) where.status = In(filter.status);
    if (filter.category) where.category = filter.category;
    if (filter.assignee) where.assigneeId = filter.assignee === 'none' ? IsNull() : filter.assignee;
    if (filter.overdue) where.nextDueAt = LessThanOrEqual(now);
    const matching =
      filter.overdue === false
        ? [
            { ...where, nextDueAt: IsNull() },
            { ...where, nextDueAt: MoreThan(now) },
          ]
        : where;
    // The page's references first, then their cases: the list's indexes (ComplaintListIndexes) hold the order and the
    // reference, so a page deep in a long list and the count are found without reading a case that is not shown.
    const listed = await this.db.run((manager) =>
      manager.find(ComplaintRecord, {
        select: { reference: true },
        where: matching,
        order: { receivedAt: 'DESC', reference: 'ASC' },
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      }),
    );
    const { total, capped } = await this.countOf(matching, filter.exactTotal === true);
    if (listed.length === 0) return { items: [], total, capped };
    const references = listed.map((r) => r.reference);
    const records = await this.db.run((manager) => manager.find(ComplaintRecord, { where: { reference: In(references) } }));
    const byReference = new Map(records.map((r) => [r.reference, r]));
    // a case deleted between the two reads is left out rather than shown empty
    const items = references.flatMap((reference) => byReference.get(reference)?.toDomain() ?? []);
    return { items, total, capped };
  }

  private async countOf(where: FindOptionsWhere<ComplaintRecord> | FindOptionsWhere<ComplaintRecord>[], exact: boolean): Promise<{ total: number; capped: boolean }> {
    if (exact) return { total: await this.db.run((manager) => manager.count(ComplaintRecord, { where })), capped: false };
    // one more than the cap says whether there are more, reading no further than that in the index
    const found = await this.db.run((manager) => manager.find(ComplaintRecord, { select: { reference: true }, where, take: LIST_TOTAL_CAP + 1 }));
    return found.length > LIST_TOTAL_CAP ? { total: LIST_TOTAL_CAP, capped: true } : { total: found.length, capped: false };
  }

  /** The references of the latest complaints a conversation made, newest first. */
  async referencesMadeBy(originKey: string, limit: number): Promise<string[]> {
    const records = await this.db.run((manager) =>
      manager.find(ComplaintRecord, { select: { reference: true }, where: { originKey }, order: { receivedAt: 'DESC' }, take: limit }),
    );
    return records.map((r) => r.reference);
  }

  /** The owner's complaint most recently changed among those waiting on them, if any. */
  async awaitingOwner(owner: ComplaintOwner): Promise<AwaitedComplaint | null> {
    const { rows } = await this.db.sql<{ reference: string; status: ComplaintStatus; openQuestion: string | null; proposedResponse: string | null }>(
      AWAITING_OWNER,
      [owner.originKey, owner.contactKind, owner.contactValue],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.status === 'awaiting_customer') return { reference: row.reference, status: row.status, openQuestion: row.openQuestion };
    // a simple-json column: JSON text on both dialects
    return { reference: row.reference, status: 'response_proposed', proposedResponse: JSON.parse(row.proposedResponse ?? 'null') as { outcome: string; explanation: string } };
  }

  /** Every complaint's status, by reference. */
  async statuses(): Promise<Map<string, ComplaintStatus>> {
    const records = await this.db.run((manager) => manager.find(ComplaintRecord, { select: { reference: true, status: true } }));
    return new Map(records.map((c) => [c.reference, c.status]));
  }

  /*
   * Privacy: whose data an export or erasure covers, and which cases retention lets go. Keys are looked up in batches.
   */

  /** The complaints made in these conversations (`originKey`) or naming one of these contact values. */
  async linkedTo(originKeys: readonly string[], contactValues: readonly string[]): Promise<Pick<ComplaintRecord, 'reference' | 'originKey' | 'contactKind' | 'contactValue' | 'status'>[]> {
    const rows: Pick<ComplaintRecord, 'reference' | 'originKey' | 'contactKind' | 'contactValue' | 'status'>[] = [];
    for (const keys of batches(originKeys)) {
      rows.push(...(await this.db.run((manager) => manager.find(ComplaintRecord, { select: LINK_COLUMNS, where: { originKey: In(keys) } }))));
    }
    for (const values of batches(contactValues)) {
      rows.push(...(await this.db.run((manager) => manager.find(ComplaintRecord, { select: LINK_COLUMNS, where: { contactValue: In(values) } }))));
    }
    return rows;
  }

  /** The references of the complaints with this contact or made in this conversation, oldest first, with where each was made. */
  ofContact(contact: Contact, originKey: string): Promise<Pick<ComplaintRecord, 'reference' | 'originKey'>[]> {
    return this.db.run((manager) =>
      manager.find(ComplaintRecord, {
        select: { reference: true, originKey: true },
        where: [{ contactKind: contact.kind, contactValue: contact.value }, { originKey }],
        order: { receivedAt: 'ASC', reference: 'ASC' },
      }),
    );
  }

  /** The references of the complaints made in these conversations. */
  async referencesMadeIn(originKeys: readonly string[]): Promise<string[]> {
    const references: string[] = [];
    for (const keys of batches(originKeys)) {
      const rows = await this.db.run((manager) => manager.find(ComplaintRecord, { select: { reference: true }, where: { originKey: In(keys) } }));
      references.push(...rows.map((row) => row.reference));
    }
    return references;
  }

  /** Each of these complaints' status. */
  async statusesOf(references: readonly string[]): Promise<Pick<ComplaintRecord, 'reference' | 'status'>[]> {
    const rows: Pick<ComplaintRecord, 'reference' | 'status'>[] = [];
    for (const batch of batches(references)) {
      rows.push(...(await this.db.run((manager) => manager.find(ComplaintRecord, { select: { reference: true, status: true }, where: { reference: In(batch) } }))));
    }
    return rows;
  }

  /** Where a complaint came from and whom it reaches; it must exist. */
  owner(reference: string): Promise<Pick<ComplaintRecord, 'originKey' | 'contactKind' | 'contactValue'>> {
    return this.db.run((manager) => manager.findOneOrFail(ComplaintRecord, { select: { originKey: true, contactKind: true, contactValue: true }, where: { reference } }));
  }

  /** The references of the complaints closed or withdrawn before an instant and not yet erased, in order. */
  async endedBefore(before: string): Promise<string[]> {
    const rows = await this.db.run((manager) =>
      manager.find(ComplaintRecord, {
        select: { reference: true },
        where: [
          { status: 'closed', closedAt: LessThan(before), erasedAt: IsNull() },
          { status: 'withdrawn', withdrawnAt: LessThan(before), erasedAt: IsNull() },
        ],
        order: { reference: 'ASC' },
      }),
    );
    return rows.map((row) => row.reference);
  }
}

const LINK_COLUMNS = { reference: true, originKey: true, contactKind: true, contactValue: true, status: true } as const;
