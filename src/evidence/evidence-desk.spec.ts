import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createPostgresDatabase, dialects } from '../../test/support/databases.js';
import { CaseHistory } from '../audit/case-history.js';
import { CaseHistoryRepository } from '../audit/case-history.repository.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { aComplaint } from '../complaints/domain/complaint.fixtures.js';
import type { AppConfig } from '../config/config.schema.js';
import type { ComplaintsService } from '../complaints/complaints.service.js';
import type { Outbox } from '../notifications/outbox.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { DatabaseAccess } from '../database/database-access.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { combineSchemas, CORE_SCHEMA } from '../database/schema.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DiskEvidenceStorage } from './disk-evidence-storage.js';
import { EvidenceDesk } from './evidence-desk.js';
import { JPEG_BYTES, PDF_BYTES, phonePhotoJpeg, TEXT_BYTES, ZIP_BYTES } from './evidence.fixtures.js';
import { gpsFieldCount } from './exif-gps.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EVIDENCE_SCHEMA } from './evidence.schema.js';

describe.each(dialects())(`${EvidenceDesk.name} on %s`, (dialect) => {
  let dataSource: DataSource;
  let dataDir: string;
  let desk: EvidenceDesk;
  let history: CaseHistory;
  let repository: EvidenceRepository;
  let dropDatabase = async () => {};
  // What the desk owes others goes through the outbox, shown end to end by the Slack test; here it is set aside.
  const complaints = { get: async (reference: string) => aComplaint({ reference }) } as unknown as ComplaintsService;
  const outbox = { enqueue: async () => {}, committed: () => {} } as unknown as Outbox;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redress-evidence-'));
    const schema = combineSchemas(CORE_SCHEMA, EVIDENCE_SCHEMA);
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      dataSource = await new DataSource(dataSourceOptions({ DATABASE_URL: database.url, DATA_DIR: dataDir }, schema)).initialize();
      dropDatabase = database.drop;
    } else {
      dataSource = await new DataSource(dataSourceOptions({ DATA_DIR: dataDir }, schema)).initialize();
    }
    await dataSource.manager.insert(ComplaintRecord, [
      ComplaintRecord.fromDomain(aComplaint({ reference: 'AAAA-AAAA' }), 1),
      ComplaintRecord.fromDomain(aComplaint({ reference: 'BBBB-BBBB' }), 1),
      ComplaintRecord.fromDomain(aComplaint({ reference: 'CCCC-CCCC' }), 1),
      ComplaintRecord.fromDomain(aComplaint({ reference: 'DDDD-DDDD' }), 1),
    ]);
    const db = new DatabaseAccess(dataSource);
    repository = new EvidenceRepository(db);
    history = new CaseHistory(new CaseHistoryRepository(db), 'k'.repeat(32));
    const config = { EVIDENCE_MAX_FILE_BYTES: 100_000, EVIDENCE_MAX_FILES: 3 } as AppConfig;
    desk = new EvidenceDesk(config, new DiskEvidenceStorage(dataDir), { now: () => new Date('2026-12-05T09:30:00.000Z') }, repository, history, new UnitOfWork(dataSource), complaints, outbox, new OutboxPolicies());
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a file, keeps it privately under DATA_DIR and records it in the case history', async () => {
    const outcome = await desk.add('AAAA-AAAA', { bytes: PDF_BYTES, name: 'Bill Nov.pdf' }, 'sms', 'twilio:MM1:0');
    expect(outcome).toEqual({ status: 'stored', evidenceId: expect.any(String), kind: 'pdf', fileName: 'Bill Nov.pdf', size: PDF_BYTES.length });
    if (outcome.status !== 'stored') return;

    const [item] = await repository.listFor('AAAA-AAAA');
    expect(item).toMatchObject({ id: outcome.evidenceId, origin: 'sms', sourceKey: 'twilio:MM1:0', mediaType: 'application/pdf', size: PDF_BYTES.length });
    expect(item.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dataDir, 'evidence', item.storageKey))).toEqual(PDF_BYTES);
    expect(readdirSync(join(dataDir, 'evidence', 'AAAA-AAAA'))).toEqual([outcome.evidenceId]);

    const events = await history.list('AAAA-AAAA');
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['evidence.added', 'customer', { evidenceId: outcome.evidenceId, origin: 'sms', kind: 'pdf', size: PDF_BYTES.length }],
    ]);
  });

  it('answers a retried delivery with the file stored the first time, storing nothing twice', async () => {
    const first = await desk.add('BBBB-BBBB', { bytes: TEXT_BYTES }, 'webchat', 'directline:act1:0');
    const again = await desk.add('BBBB-BBBB', { bytes: TEXT_BYTES }, 'webchat', 'directline:act1:0');
    expect(first.status).toBe('stored');
    expect(again).toEqual({ status: 'duplicate', evidenceId: (first as { evidenceId: string }).evidenceId });
    expect(await repository.listFor('BBBB-BBBB')).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'evidence', 'BBBB-BBBB'))).toHaveLength(1);
    expect(await desk.remaining('BBBB-BBBB')).toBe(2);
  });

  it('refuses an empty file, one over the size limit and one of a type it does not take, storing none', async () => {
    expect(await desk.add('CCCC-CCCC', { bytes: Buffer.alloc(0) }, 'sms', 'twilio:MM2:0')).toEqual({ status: 'refused', reason: 'empty', limit: null });
    const big = Buffer.concat([JPEG_BYTES, Buffer.alloc(100_000)]);
    expect(await desk.add('CCCC-CCCC', { bytes: big }, 'sms', 'twilio:MM2:1')).toEqual({ status: 'refused', reason: 'too_large', limit: 100_000 });
    expect(await desk.add('CCCC-CCCC', { bytes: ZIP_BYTES, name: 'photo.jpg' }, 'sms', 'twilio:MM2:2')).toEqual({
      status: 'refused',
      reason: 'unsupported_type',
      limit: null,
    });
    expect(await repository.listFor('CCCC-CCCC')).toEqual([]);
    expect(await history.list('CCCC-CCCC')).toEqual([]);
  });

  it('refuses a file past the number a complaint may hold, even when several arrive at once', async () => {
    const outcomes = await Promise.all(
      [TEXT_BYTES, PDF_BYTES, TEXT_BYTES, PDF_BYTES, TEXT_BYTES].map((bytes, i) => desk.add('CCCC-CCCC', { bytes }, 'whatsapp', `twilio:MM3:${i}`)),
    );
    expect(outcomes.filter((o) => o.status === 'stored')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'refused')).toEqual([
      { status: 'refused', reason: 'too_many', limit: 3 },
      { status: 'refused', reason: 'too_many', limit: 3 },
    ]);
    expect(await desk.remaining('CCCC-CCCC')).toBe(0);
    expect(readdirSync(join(dataDir, 'evidence', 'CCCC-CCCC'))).toHaveLength(3);
  });

  it('stores a phone’s photo without where it was taken', async () => {
    const photo = await phonePhotoJpeg();
    expect(gpsFieldCount(photo)).toBeGreaterThan(0);
    const outcome = await desk.add('DDDD-DDDD', { bytes: photo, name: 'IMG_0042.JPG' }, 'whatsapp', 'twilio:MM4:0');
    expect(outcome).toMatchObject({ status: 'stored', kind: 'image', fileName: 'IMG_0042.jpg' });

    const [item] = await repository.listFor('DDDD-DDDD');
    const stored = readFileSync(join(dataDir, 'evidence', item.storageKey));
    expect(gpsFieldCount(stored)).toBe(0);
    expect(stored.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(item.size).toBe(stored.length);
  });

  it('refuses a file with a JPEG signature that is no image', async () => {
    expect(await desk.add('DDDD-DDDD', { bytes: JPEG_BYTES }, 'sms', 'twilio:MM4:1')).toEqual({ status: 'refused', reason: 'unsupported_type', limit: null });
  });

  it('names its limits from the configuration', () => {
    expect(desk.limits()).toEqual({ maxFileBytes: 100_000, maxFilesPerComplaint: 3 });
  });
});
