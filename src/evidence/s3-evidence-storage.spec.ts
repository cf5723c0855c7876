import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeS3 } from '../../test/support/fake-s3.js';
import { S3EvidenceStorage } from './s3-evidence-storage.js';

describe(S3EvidenceStorage.name, () => {
  const s3 = new FakeS3('redress-evidence');
  let storage: S3EvidenceStorage;
  const key = '7K4M-9P2Q/0b6f3c1e-5d2a-4f4e-9a57-1c2d3e4f5a6b';

  beforeAll(async () => {
    await s3.start();
    storage = new S3EvidenceStorage({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: s3.credentials });
  });

  afterAll(async () => {
    storage?.destroy();
    await s3.stop();
  });

  it('stores a file in the bucket, reads it back and deletes it', async () => {
    const bytes = Buffer.from('%PDF-1.4\nbill\n%%EOF\n');
    await storage.put(key, bytes);
    expect(s3.objects.get(`evidence/${key}`)).toEqual(bytes);
    expect(s3.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/redress-evidence/evidence/${key}` });

    expect(await storage.get(key)).toEqual(bytes);

    await storage.delete(key);
    expect(s3.objects.has(`evidence/${key}`)).toBe(false);
    expect(await storage.get(key)).toBeUndefined();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('is refused by the bucket with a wrong secret, and says nothing of the secret', async () => {
    const wrong = new S3EvidenceStorage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.url,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey: 'not-the-secret-0000000000000000' },
    });
    const error = await wrong.put(key, Buffer.from('x')).catch((e: unknown) => e as Error);
    wrong.destroy();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('SignatureDoesNotMatch');
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain('not-the-secret');
    expect(s3.objects.size).toBe(0);
  });

  it('names where files go without any credential', () => {
    expect(storage.describe()).toBe(`bucket redress-evidence at ${s3.url}`);
    expect(storage.describe()).not.toContain(s3.credentials.secretAccessKey);
  });
});
