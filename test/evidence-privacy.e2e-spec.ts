import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EvidenceDesk } from '../src/evidence/evidence-desk.js';
import { PDF_BYTES, TEXT_BYTES } from '../src/evidence/evidence.fixtures.js';
import { CustomerErasures } from '../src/privacy/customer-erasure.js';
import { dialects } from './support/databases.js';
import { FakeS3 } from './support/fake-s3.js';
import { startApp, type RunningApp } from './support/test-app.js';

const SUPERVISOR = { 'x-staff-id': 'sup-1', 'x-staff-role': 'supervisor' };

const storages = ['disk', 's3'] as const;

describe.each(dialects().flatMap((dialect) => storages.map((storage) => [dialect, storage] as const)))(
  'evidence in exports, erasure and retention on %s, files on %s',
  (dialect, storage) => {
    let server: RunningApp;
    const s3 = new FakeS3('redress-evidence');

    beforeAll(async () => {
      await s3.start();
      const bucket: Record<string, string> =
        storage === 's3'
          ? {
              EVIDENCE_S3_BUCKET: s3.bucket,
              EVIDENCE_S3_ENDPOINT: s3.url,
              EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
              EVIDENCE_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
              EVIDENCE_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
            }
          : {};
      server = await startApp(dialect, bucket);
    });

    afterAll(async () => {
      await server?.stop();
      await s3.stop();
    });

    /** A withdrawn complaint from this customer, with two files; answers its reference and the files' storage keys. */
    async function complaintWithFiles(email: string, tag: string): Promise<{ reference: string; keys: string[] }> {
      const filed = await server.request('POST', '/api/complaints', {
        body: { channel: 'api', contact: { kind: 'email', value: email }, category: 'billing', description: 'Charged twice.' },
      });
      const reference: string = filed.body.reference;
      const desk = server.app.get(EvidenceDesk);
      const keys: string[] = [];
      for (const [i, bytes] of [PDF_BYTES, TEXT_BYTES].entries()) {
        const outcome = await desk.add(reference, { bytes, name: `bill-${i}` }, 'webchat', `directline:${tag}:${i}`);
        if (outcome.status !== 'stored') throw new Error(`not stored: ${JSON.stringify(outcome)}`);
        keys.push(`${reference}/${outcome.evidenceId}`);
      }
      expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'withdraw' } })).status).toBe(200);
      return { reference, keys };
    }

    const stored = (key: string) => (storage === 's3' ? s3.objects.has(`evidence/${key}`) : existsSync(join(server.config.DATA_DIR, 'evidence', key)));

    it('hands the files over whole in a customer’s export', async () => {
      const { reference } = await complaintWithFiles('ada-export@example.org', 'export');
      const response = await server.request('POST', '/api/privacy/exports', { body: { contact: { kind: 'email', value: 'ada-export@example.org' } }, headers: SUPERVISOR });
      expect(response.status).toBe(200);
      const files = [...response.body.sections.evidence.files].sort((a, b) => a.fileName.localeCompare(b.fileName));
      expect(files.map((f: { reference: string; fileName: string; contentBase64: string }) => [f.reference, f.fileName, Buffer.from(f.contentBase64, 'base64')])).toEqual([
        [reference, 'bill-0.pdf', PDF_BYTES],
        [reference, 'bill-1.txt', TEXT_BYTES],
      ]);
    });

    it('deletes an erased customer’s files from storage, and their rows', async () => {
      const { reference, keys } = await complaintWithFiles('bob-erased@example.org', 'erase');
      const kept = await complaintWithFiles('cy-kept@example.org', 'kept');
      expect(keys.every(stored)).toBe(true);

      const response = await server.request('POST', '/api/privacy/erasures', { body: { contact: { kind: 'email', value: 'bob-erased@example.org' } }, headers: SUPERVISOR });
      expect(response.status).toBe(200);
      expect(response.body.deleted.evidence).toEqual({ evidenceFiles: 2 });
      expect(keys.some(stored)).toBe(false);
      if (storage === 'disk') expect(readdirSync(join(server.config.DATA_DIR, 'evidence', reference))).toEqual([]);
      expect((await server.request('GET', `/api/complaints/${reference}/evidence`)).body.items).toEqual([]);

      // another customer's files stay
      expect(kept.keys.every(stored)).toBe(true);
      expect((await server.request('GET', `/api/complaints/${kept.reference}/evidence`)).body.items).toHaveLength(2);
    });

    it('deletes the files of a case the retention sweep anonymises', async () => {
      const { reference, keys } = await complaintWithFiles('di-retained@example.org', 'retention');
      const report = await server.app.get(CustomerErasures).anonymiseCase(reference);
      expect(report.deleted.evidence).toEqual({ evidenceFiles: 2 });
      expect(keys.some(stored)).toBe(false);
      expect((await server.request('GET', `/api/complaints/${reference}/evidence`)).body.items).toEqual([]);
    });
  },
);
