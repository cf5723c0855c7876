import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { FakeS3 } from '../../test/support/fake-s3.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { aComplaint } from '../complaints/domain/complaint.fixtures.js';
import { DatabaseAccess } from '../database/database-access.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import type { ScheduledJobs } from '../database/scheduled-jobs.js';
import { combineSchemas, CORE_SCHEMA } from '../database/schema.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DiskEvidenceStorage } from './disk-evidence-storage.js';
import { EvidenceOrphanSweep } from './evidence-orphan-sweep.js';
import { EvidenceRecord } from './evidence.entity.js';
import { PDF_BYTES } from './evidence.fixtures.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EVIDENCE_SCHEMA } from './evidence.schema.js';
import { S3EvidenceStorage } from './s3-evidence-storage.js';

const HOUR_MS = 60 * 60 * 1000;
// run() is called directly; the once-a-day scheduling is ScheduledJobs', shown by its own spec
const jobs = {} as ScheduledJobs;

describe.each(dialects())(`${EvidenceOrphanSweep.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let dataDir: string;
  let repository: EvidenceRepository;
  let uow: UnitOfWork;
  let dropDatabase = async () => {};
  const s3 = new FakeS3('redress-evidence');
  let bucket: S3EvidenceStorage;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redress-orphans-'));
    const schema = combineSchemas(CORE_SCHEMA, EVIDENCE_SCHEMA);
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: dataDir }, schema)).initialize();
      dropDatabase = database.drop;
    } else {
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dataDir }, schema)).initialize();
    }
    await dataSource.manager.insert(ComplaintRecord, [ComplaintRecord.fromDomain(aComplaint({ reference: 'AAAA-AAAA' }), 1)]);
    repository = new EvidenceRepository(new DatabaseAccess(dataSource));
    uow = new UnitOfWork(dataSource);
    await s3.start();
    bucket = new S3EvidenceStorage({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: s3.credentials });
  }, 60_000);

  afterAll(async () => {
    bucket?.destroy();
    await s3.stop();
    await dataSource?.destroy();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const record = async (storageKey: string) => {
    const id = storageKey.split('/')[1];
    await dataSource.manager.insert(EvidenceRecord, {
      id,
      complaintReference: 'AAAA-AAAA',
      origin: 'sms',
      sourceKey: `twilio:${id}`,
      kind: 'pdf',
      mediaType: 'application/pdf',
      fileName: 'bill.pdf',
      size: PDF_BYTES.length,
      sha256: '0'.repeat(64),
      storageKey,
      createdAt: new Date().toISOString(),
    });
  };
  const aKey = () => `AAAA-AAAA/${randomUUID()}`;

  it('deletes a file older than the grace that no row names, and keeps a young one and one with a row', async () => {
    const storage = new DiskEvidenceStorage(dataDir);
    const [oldOrphan, youngOrphan, recorded] = [aKey(), aKey(), aKey()];
    for (const key of [oldOrphan, youngOrphan, recorded]) await storage.put(key, PDF_BYTES);
    await record(recorded);
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS);
    for (const key of [oldOrphan, recorded]) utimesSync(join(dataDir, 'evidence', key), twoHoursAgo, twoHoursAgo);

    // writes cut short by a crash before their rename: one long ago, one (as if under way) now
    const [oldPartial, youngPartial] = [`${aKey()}.${randomUUID()}.partial`, `${aKey()}.${randomUUID()}.partial`];
    for (const key of [oldPartial, youngPartial]) writeFileSync(join(dataDir, 'evidence', key), PDF_BYTES);
    utimesSync(join(dataDir, 'evidence', oldPartial), twoHoursAgo, twoHoursAgo);

    const sweep = new EvidenceOrphanSweep(storage, repository, uow, jobs, { now: () => new Date() });
    expect(await sweep.run()).toEqual({ listed: 5, deleted: 2 });

    expect(existsSync(join(dataDir, 'evidence', oldOrphan))).toBe(false);
    expect(existsSync(join(dataDir, 'evidence', oldPartial))).toBe(false);
    expect(existsSync(join(dataDir, 'evidence', youngPartial))).toBe(true);
    expect(await storage.get(youngOrphan)).toEqual(PDF_BYTES);
    expect(await storage.get(recorded)).toEqual(PDF_BYTES);
  });

  it('does the same in an S3-compatible bucket, listing it page by page', async () => {
    s3.pageSize = 2;
    const [oldOrphan, otherOldOrphan, youngOrphan, recorded] = [aKey(), aKey(), aKey(), aKey()];
    for (const key of [oldOrphan, otherOldOrphan, youngOrphan, recorded]) await bucket.put(key, PDF_BYTES);
    s3.objects.set('notes/readme.txt', Buffer.from('not evidence'));
    await record(recorded);
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS);
    for (const key of [oldOrphan, otherOldOrphan, recorded]) s3.modified.set(`evidence/${key}`, twoHoursAgo);

    const sweep = new EvidenceOrphanSweep(bucket, repository, uow, jobs, { now: () => new Date() });
    expect(await sweep.run()).toEqual({ listed: 4, deleted: 2 });

    expect([...s3.objects.keys()].sort()).toEqual([`evidence/${youngOrphan}`, `evidence/${recorded}`, 'notes/readme.txt'].sort());
    expect(s3.requests.filter((r) => r.method === 'GET' && /^\/redress-evidence\/?$/.test(r.path)).length).toBeGreaterThan(1);
  });
});
