import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeNow, listenLocally } from './local-server.js';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
/** S3's encoding of a path segment in the canonical request: RFC 3986, with `/` kept between segments. */
const encodeSegment = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A stand-in for an S3-compatible service on 127.0.0.1, path-style (`/bucket/key`): PUT, GET and DELETE of objects in
 * one bucket, each request's Signature Version 4 checked against the one key pair it knows, as S3 does. Objects live
 * in memory, where a test can look.
 */
export class FakeS3 {
  readonly objects = new Map<string, Buffer>();
  readonly requests: { method: string; path: string; headers: IncomingMessage['headers'] }[] = [];
  /** When each object was last written, as ListObjectsV2 reports it; a test may set it back. */
  readonly modified = new Map<string, Date>();
  /** How many keys one ListObjectsV2 page holds at most (S3's is 1,000), small to show paging. */
  pageSize = 1000;
  url = '';
  private server?: Server;

  constructor(
    readonly bucket: string,
    readonly credentials = { accessKeyId: 'AKIAREDRESSTEST00001', secretAccessKey: 'fake-s3-secret-key-for-tests-only-0001' },
    readonly region = 'us-east-1',
  ) {}

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request, Buffer.concat(chunks), response));
    }));
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  private answer(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ method: request.method ?? '', path: url.pathname, headers: request.headers });
    const refusal = this.signatureProblem(request, url, body);
    if (refusal) return this.error(response, 403, refusal);
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== this.bucket) return this.error(response, 404, 'NoSuchBucket');
    if (!key && request.method === 'GET' && url.searchParams.get('list-type') === '2') return this.list(url, response);
    if (!key) return this.error(response, 400, 'InvalidRequest');
    switch (request.method) {
      case 'PUT':
        this.objects.set(key, body);
        this.modified.set(key, new Date());
        response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
        return;
      case 'GET': {
        const object = this.objects.get(key);
        if (!object) return this.error(response, 404, 'NoSuchKey');
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': object.length }).end(object);
        return;
      }
      case 'DELETE':
        this.objects.delete(key);
        this.modified.delete(key);
        response.writeHead(204).end();
        return;
      default:
        this.error(response, 405, 'MethodNotAllowed');
    }
  }

  /** ListObjectsV2: keys under the prefix in order, a page at a time; the continuation token is the last key given. */
  private list(url: URL, response: ServerResponse): void {
    const prefix = url.searchParams.get('prefix') ?? '';
    const after = url.searchParams.get('continuation-token') ?? '';
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
    const page = keys.slice(0, this.pageSize);
    const truncated = keys.length > page.length;
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const contents = page
      .map((key) => `<Contents><Key>${escape(key)}</Key><LastModified>${(this.modified.get(key) ?? new Date()).toISOString()}</LastModified><Size>${this.objects.get(key)?.length ?? 0}</Size></Contents>`)
      .join('');
    response.writeHead(200, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${this.bucket}</Name><Prefix>${escape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
        `<MaxKeys>${this.pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}` +
        (truncated ? `<NextContinuationToken>${escape(page.at(-1) ?? '')}</NextContinuationToken>` : '') +
        '</ListBucketResult>',
    );
  }

  /** Why the request's signature is not one S3 would take, or undefined when it is. */
  private signatureProblem(request: IncomingMessage, url: URL, body: Buffer): string | undefined {
    const authorization = String(request.headers.authorization ?? '');
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!match) return 'AccessDenied';
    const [, keyId, day, region, signedHeaders, signature] = match;
    if (keyId !== this.credentials.accessKeyId) return 'InvalidAccessKeyId';
    if (region !== this.region) return 'AuthorizationHeaderMalformed';
    const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'XAmzContentSHA256Mismatch';
    const names = signedHeaders.split(';');
    const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const query = [...url.searchParams.entries()]
      .map(([k, v]) => [encodeSegment(k), encodeSegment(v)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const path = url.pathname.split('/').map((segment) => encodeSegment(decodeURIComponent(segment))).join('/');
    const canonical = [request.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${this.credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
    return createHmac('sha256', signingKey).update(toSign).digest('hex') === signature ? undefined : 'SignatureDoesNotMatch';
  }

  private error(response: ServerResponse, status: number, code: string): void {
    response.writeHead(status, { 'content-type': 'application/xml' });
    response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  }
}
