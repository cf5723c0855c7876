import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan } from 'typeorm';
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
}

/**
 * How far a list counts its matches. A filter that matches a share of every complaint ever received (all closed
 * billing cases), or of a desk's open work (which grows with the desk), would otherwise cost more to count with every
 * complaint added; a page itself costs the same at any size. Past the cap the list says so (`capped`).
 */
export const LIST_TOTAL_CAP = 1_000;

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
  private readonly statements = new Map<string, Sql>();

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

  /**
   * Newest first, or for the overdue, longest overdue first; `now` decides what is overdue. `total` stops at
   * LIST_TOTAL_CAP (then `capped`).
   */
  async page(filter: ComplaintFilter, now: string): Promise<{ items: Complaint[]; total: number; capped: boolean }> {
    // The page's references first, then their cases: the list's indexes (ComplaintListIndexes) hold the order and the
    // reference, so a page and the count are found without reading a case that is not shown.
    const listed = listQuery(filter, now);
    const references = (await this.db.sql<{ reference: string }>(this.statement(listed.text), listed.params)).rows.map((row) => row.reference);
    const counted = countQuery(filter, now);
    const [{ n }] = (await this.db.sql<{ n: number | string }>(this.statement(counted.text), counted.params)).rows;
    const found = Number(n);
    const total = Math.min(found, LIST_TOTAL_CAP);
    const capped = found > LIST_TOTAL_CAP;
    if (references.length === 0) return { items: [], total, capped };
    const records = await this.db.run((manager) => manager.find(ComplaintRecord, { where: { reference: In(references) } }));
    const byReference = new Map(records.map((r) => [r.reference, r]));
    // a case deleted between the two reads is left out rather than shown empty
    const items = references.flatMap((reference) => byReference.get(reference)?.toDomain() ?? []);
    return { items, total, capped };
  }

  /** One prepared statement per text: the texts vary only with which filters a list uses and how many statuses. */
  private statement(text: string): Sql {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = new Sql(text);
      this.statements.set(text, statement);
    }
    return statement;
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

const NEWEST_FIRST = 'ORDER BY received_at DESC, reference ASC';
/** The order of ComplaintListIndexes' overdue index, so that a page of the overdue is its first entries. */
const LONGEST_OVERDUE_FIRST = 'ORDER BY next_due_at ASC, received_at DESC, reference ASC';

/** The list's conditions: the filter's, or with `status` alone in place of its statuses. */
function conditions(filter: ComplaintFilter, now: string, status?: ComplaintStatus): { where: string; params: unknown[] } {
  const all: string[] = [];
  const params: unknown[] = [];
  const statuses = status === undefined ? filter.status : [status];
  if (statuses) {
    // The overdue are found in the overdue index, filtered by status there: an expression (`|| ''`) keeps the planner
    // from taking the status index instead, which would read every open case to find the few overdue.
    const column = filter.overdue === true ? `(status || '')` : 'status';
    all.push(statuses.length === 0 ? '1 = 0' : `${column} IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter.category) {
    all.push('category = ?');
    params.push(filter.category);
  }
  if (filter.assignee === 'none') all.push('assignee_id IS NULL');
  else if (filter.assignee) {
    all.push('assignee_id = ?');
    params.push(filter.assignee);
  }
  if (filter.overdue !== undefined) {
    all.push(filter.overdue ? 'next_due_at <= ?' : '(next_due_at IS NULL OR next_due_at > ?)');
    params.push(now);
  }
  return { where: all.length > 0 ? `WHERE ${all.join(' AND ')}` : '', params };
}

/** The references of a page of the list, in its order. */
function listQuery(filter: ComplaintFilter, now: string): { text: string; params: unknown[] } {
  const offset = (filter.page - 1) * filter.pageSize;
  const statuses = [...new Set(filter.status ?? [])];
  if (filter.overdue === true || statuses.length < 2) {
    const { where, params } = conditions(filter, now);
    const order = filter.overdue === true ? LONGEST_OVERDUE_FIRST : NEWEST_FIRST;
    return { text: `SELECT reference FROM complaints ${where} ${order} LIMIT ? OFFSET ?`, params: [...params, filter.pageSize, offset] };
  }
  // Each status's newest from its own range of the index, in the index's order, then merged: with the statuses in one
  // IN, every match would be read and sorted to find the newest, and the matches grow with the desk.
  const parts = statuses.map((status) => conditions(filter, now, status));
  const branches = parts.map(({ where }) => `SELECT * FROM (SELECT reference, received_at FROM complaints ${where} ${NEWEST_FIRST} LIMIT ?) AS s`);
  return {
    text: `SELECT reference FROM (${branches.join(' UNION ALL ')}) AS u ${NEWEST_FIRST} LIMIT ? OFFSET ?`,
    params: [...parts.flatMap(({ params }) => [...params, offset + filter.pageSize]), filter.pageSize, offset],
  };
}

/** How many match, up to one more than LIST_TOTAL_CAP (which says there are more), reading no further in the index. */
function countQuery(filter: ComplaintFilter, now: string): { text: string; params: unknown[] } {
  const { where, params } = conditions(filter, now);
  return { text: `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM complaints ${where} LIMIT ?) AS t`, params: [...params, LIST_TOTAL_CAP + 1] };
}
