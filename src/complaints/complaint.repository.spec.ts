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
import { ComplaintRepository, LIST_TOTAL_CAP } from './complaint.repository.js';
import { aComplaint } from './domain/complaint.fixtures.js';

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
    // one more closed case than the list counts, and a few open ones
    const rows = Array.from({ length: LIST_TOTAL_CAP + 1 + 5 }, (_, i) => {
      const receivedAt = new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString();
      const status = i <= LIST_TOTAL_CAP ? 'closed' : 'received';
      return ComplaintRecord.fromDomain(aComplaint({ reference: `R${String(i).padStart(8, '0')}`, status, receivedAt, updatedAt: receivedAt, deadlines: [] }), 1);
    });
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

  it('counts every match when asked for the exact count, and a short list exactly', async () => {
    expect(await complaints.page({ status: ['closed'], page: 1, pageSize: 1, exactTotal: true }, NOW)).toMatchObject({ total: LIST_TOTAL_CAP + 1, capped: false });
    expect(await complaints.page({ status: ['received'], page: 1, pageSize: 20 }, NOW)).toMatchObject({ total: 5, capped: false });
  });
});
