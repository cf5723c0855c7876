import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { STORAGE_KEY, type EvidenceStorage, type StoredEvidence } from './evidence-storage.js';

const PREFIX = 'evidence/';

export interface S3EvidenceSettings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset, the SDK's own chain finds credentials in the environment. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Evidence in an S3-compatible bucket, private to Redress (no public ACL is ever set); keys are `evidence/<reference>/<uuid>`. */
export class S3EvidenceStorage implements EvidenceStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3EvidenceSettings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // S3-compatible services other than AWS refuse the CRC checksums the SDK adds by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  describe(): string {
    return `bucket ${this.settings.bucket}${this.settings.endpoint ? ` at ${new URL(this.settings.endpoint).origin}` : ` in ${this.settings.region}`}`;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key), Body: bytes, ContentType: 'application/octet-stream' }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there, so erasing twice is no error.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<StoredEvidence> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: PREFIX, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(PREFIX.length) ?? '';
        // anything else in the bucket under the prefix is not Redress's to judge
        if (STORAGE_KEY.test(key) && object.LastModified) yield { key, modifiedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    if (!STORAGE_KEY.test(key)) throw new Error(`Not an evidence storage key: ${JSON.stringify(key)}`);
    return `${PREFIX}${key}`;
  }
}
