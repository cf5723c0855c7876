import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { DatabaseAccess } from '../database/database-access.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { CORE_SCHEMA } from '../database/schema.js';
import { ComplaintRecord } from './complaint.entity.js';
import { ComplaintRepository, LIST_TOTAL_CAP, type ComplaintFilter } from './complaint.repository.js';
import type { Complaint } from './domain/complaint.js';
import { aComplaint, deadline } from './domain/complaint.fixtures.js';

const NOW = '2026-06-01T00:00:00.000Z';

describe.each(dialects())(`${ComplaintRepository.name} list on %s`, (dialect) => {
  let dataSource: DataSource;
  let complaints: ComplaintRepository;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: tmpdir() }, CORE_SCHEMA)).initialize();
      cleanUp = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'redress-complaint-list-'));
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dir }, CORE_SCHEMA)).initialize();
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    complaints = new ComplaintRepository(new DatabaseAccess(dataSource));
    // one more closed case than the list counts, and a few received ones
    const rows = Array.from({ length: LIST_TOTAL_CAP + 1 + 5 }, (_, i) => {
      const receivedAt = new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString();
      const status = i <= LIST_TOTAL_CAP ? 'closed' : 'received';
      return ComplaintRecord.fromDomain(aComplaint({ reference: `R${String(i).padStart(8, '0')}`, status, receivedAt, updatedAt: receivedAt, deadlines: [] }), 1);
    });
    rows.push(...OPEN.map((c) => ComplaintRecord.fromDomain(c, 1)));
    for (let i = 0; i < rows.length; i += 500) await dataSource.manager.insert(ComplaintRecord, rows.slice(i, i + 500));
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanUp?.();
  });

  it('counts a long list up to the cap and says there are more, with the page itself in full', async () => {
    const page = await complaints.page({ status: ['closed'], page: 2, pageSize: 20 }, NOW);
    expect(page).toMatchObject({ total: LIST_TOTAL_CAP, capped: true });
    // newest first: the closed ones run from R00000000 to R00010000
    expect(page.items.map((c) => c.reference)).toEqual(Array.from({ length: 20 }, (_, i) => `R${String(LIST_TOTAL_CAP - 20 - i).padStart(8, '0')}`));
  });

  it('counts a short list exactly', async () => {
    expect(await complaints.page({ status: ['received'], page: 1, pageSize: 20 }, NOW)).toMatchObject({ total: 5, capped: false });
  });

  it('lists the cases of several statuses as one list, newest first, page after page', async () => {
    const filters: ListFilter[] = [{ status: [...WORKING] }, { status: [...WORKING], category: 'billing' }, { status: ['assessed', 'acknowledged'], overdue: false }];
    for (const filter of filters) {
      const expected = OPEN.filter((c) => matches(c, filter)).sort(newestFirst).map((c) => c.reference);
      expect(expected.length).toBeGreaterThan(7);
      expect(await pages(filter)).toEqual(expected);
      expect(await complaints.page({ ...filter, page: 1, pageSize: 7 }, NOW)).toMatchObject({ total: expected.length, capped: false });
    }
  });

  it('lists the overdue longest overdue first (the newest first among those due at once), page after page', async () => {
    const filters: ListFilter[] = [{ overdue: true }, { overdue: true, status: [...WORKING] }, { overdue: true, status: ['investigating'], category: 'billing' }];
    for (const filter of filters) {
      const expected = OPEN.filter((c) => matches(c, filter))
        .sort((a, b) => byCodePoint(nextDue(a) as string, nextDue(b) as string) || newestFirst(a, b))
        .map((c) => c.reference);
      expect(expected.length).toBeGreaterThan(0);
      expect(await pages(filter)).toEqual(expected);
      expect((await complaints.page({ ...filter, page: 1, pageSize: 7 }, NOW)).total).toBe(expected.length);
    }
  });

  /** Every page of a filter, seven at a time, joined. */
  async function pages(filter: ListFilter): Promise<string[]> {
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const { items } = await complaints.page({ ...filter, page, pageSize: 7 }, NOW);
      all.push(...items.map((c) => c.reference));
      if (items.length < 7) return all;
    }
  }
});

type ListFilter = Omit<ComplaintFilter, 'page' | 'pageSize'>;

const WORKING = ['acknowledged', 'assessed', 'investigating', 'awaiting_customer'] as const;

/**
 * Open cases of several statuses and two categories, received at instants shared in pairs (so that the reference
 * decides), each with a running deadline due before NOW (overdue) or after it, some due at the same instant.
 */
const OPEN: Complaint[] = Array.from({ length: 96 }, (_, i) => {
  const receivedAt = new Date(Date.parse('2026-05-01T00:00:00.000Z') + Math.floor(((i * 7) % 96) / 2) * 3_600_000).toISOString();
  const dueAt = new Date(Date.parse(NOW) + ((i % 5) - 3) * 86_400_000).toISOString();
  return aComplaint({
    reference: `O${String((i * 11) % 96).padStart(8, '0')}`,
    status: WORKING[i % WORKING.length],
    category: i % 3 === 0 ? 'delivery' : 'billing',
    receivedAt,
    updatedAt: receivedAt,
    deadlines: [deadline('time_to_final_response', dueAt)],
  });
});

function nextDue(c: Complaint): string | null {
  return c.deadlines.filter((d) => d.settledAt === null).map((d) => d.dueAt).sort()[0] ?? null;
}

function matches(c: Complaint, filter: ListFilter): boolean {
  const due = nextDue(c);
  const overdue = due !== null && due <= NOW;
  return (!filter.status || filter.status.includes(c.status)) && (!filter.category || c.category === filter.category) && (filter.overdue === undefined || filter.overdue === overdue);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newestFirst(a: Complaint, b: Complaint): number {
  return byCodePoint(b.receivedAt, a.receivedAt) || byCodePoint(a.reference, b.reference);
}
