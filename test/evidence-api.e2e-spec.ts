import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EvidenceDesk } from '../src/evidence/evidence-desk.js';
import { phonePhotoJpeg } from '../src/evidence/evidence.fixtures.js';
import { gpsFieldCount } from '../src/evidence/exif-gps.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

const aComplaint = {
  channel: 'api',
  contact: { kind: 'email', value: 'sam@example.com' },
  customerName: 'Sam Patel',
  category: 'delivery',
  description: 'The parcel came crushed.',
  involvedStaffIds: ['U0DRIVER'],
};

describe.each(dialects())('evidence through the staff API on %s', (dialect) => {
  let server: RunningApp;
  let reference: string;
  let photoId: string;
  let noteId: string;

  beforeAll(async () => {
    server = await startApp(dialect);
    const filed = await server.request('POST', '/api/complaints', { body: aComplaint });
    expect(filed.status).toBe(201);
    reference = filed.body.reference;
    const desk = server.app.get(EvidenceDesk);
    const photo = await desk.add(reference, { bytes: await phonePhotoJpeg(), name: 'IMG_0042.JPG' }, 'whatsapp', 'twilio:MM1:0');
    server.clock.set('2026-03-02T10:05:00.000Z');
    const note = await desk.add(reference, { bytes: Buffer.from('<script>alert(1)</script>\n'), name: 'evil".html' }, 'webchat', 'directline:a1:0');
    if (photo.status !== 'stored' || note.status !== 'stored') throw new Error('not stored');
    photoId = photo.evidenceId;
    noteId = note.evidenceId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const viewedBy = async (who: string) =>
    (await server.request('GET', `/api/complaints/${reference}/history`)).body.events.filter((e: { type: string; actor: string }) => e.type === 'evidence.viewed' && e.actor === who);

  it('lists a case’s files, oldest first, and records who looked', async () => {
    const response = await server.request('GET', `/api/complaints/${reference}/evidence`, { headers: { 'x-staff-id': 'U0PRIYA' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      reference,
      items: [
        { id: photoId, origin: 'whatsapp', kind: 'image', mediaType: 'image/jpeg', fileName: 'IMG_0042.jpg', size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), createdAt: '2026-03-02T10:00:00.000Z' },
        { id: noteId, origin: 'webchat', kind: 'text', mediaType: 'text/plain; charset=utf-8', fileName: 'evil.txt', size: 26, sha256: expect.any(String), createdAt: '2026-03-02T10:05:00.000Z' },
      ],
    });
    expect(await viewedBy('staff:U0PRIYA')).toEqual([expect.objectContaining({ data: { evidenceId: null } })]);
  });

  it('downloads a photo as an attachment of its real type, without where it was taken, and records who', async () => {
    const response = await fetch(`${server.baseUrl}/api/complaints/${reference}/evidence/${photoId}`, {
      headers: { authorization: 'Bearer test-staff-key-0123456789', 'x-staff-id': 'U0SAM' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="IMG_0042.jpg"; filename*=UTF-8''IMG_0042.jpg`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from('ffd8ff', 'hex'));
    expect(gpsFieldCount(bytes)).toBe(0);
    expect(await viewedBy('staff:U0SAM')).toEqual([expect.objectContaining({ data: { evidenceId: photoId } })]);
  });

  it('serves a text file that looks like a page as plain text to save, never as a page', async () => {
    const response = await server.request('GET', `/api/complaints/${reference}/evidence/${noteId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="evil.txt"; filename*=UTF-8''evil.txt`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.text).toBe('<script>alert(1)</script>\n');
  });

  it('shows nothing to someone named as involved in the complaint, and records no view of theirs', async () => {
    for (const path of [`/api/complaints/${reference}/evidence`, `/api/complaints/${reference}/evidence/${photoId}`]) {
      const response = await server.request('GET', path, { headers: { 'x-staff-id': 'U0DRIVER' } });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'complaint_staff_involved' });
    }
    expect(await viewedBy('staff:U0DRIVER')).toEqual([]);
  });

  it('answers bad input with a code and the field', async () => {
    const badId = await server.request('GET', `/api/complaints/${reference}/evidence/not-an-id`);
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'id' }] });

    const unknown = await server.request('GET', `/api/complaints/${reference}/evidence/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'evidence_not_found', fields: [{ field: 'id' }] });

    const badReference = await server.request('GET', '/api/complaints/NOPE/evidence');
    expect(badReference.status).toBe(400);
    expect(badReference.body).toMatchObject({ code: 'invalid_reference', fields: [{ field: 'reference' }] });
  });

  it('gives a file of one case to nobody asking through another', async () => {
    const other = (await server.request('POST', '/api/complaints', { body: { ...aComplaint, involvedStaffIds: [] } })).body.reference;
    const response = await server.request('GET', `/api/complaints/${other}/evidence/${photoId}`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'evidence_not_found' });
  });

  it('needs the staff key, and serves files on no other route', async () => {
    expect((await server.request('GET', `/api/complaints/${reference}/evidence/${photoId}`, { auth: false })).status).toBe(401);
    for (const path of [`/evidence/${reference}/${photoId}`, `/data/evidence/${reference}/${photoId}`, `/${reference}/${photoId}`]) {
      expect((await server.request('GET', path, { auth: false })).status).toBe(404);
    }
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await server.request('GET', '/docs/openapi.json', { auth: false });
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/complaints/{reference}/evidence', '/api/complaints/{reference}/evidence/{id}']));
  });
});
