import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** What the SDK gets back from its HTTP layer: it parses a string body as JSON itself, and raises RestException on 4xx and 5xx. */
export interface TwilioHttpResponse {
  statusCode: number;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface TwilioHttpClientOptions {
  /** How long a request may take in all, connecting to the last byte of the answer. */
  timeoutMs: number;
  /** Sends every request to this origin and path prefix instead of Twilio's (a local fake in tests, a proxy). */
  baseUrl?: string;
}

/** Twilio's API takes form fields, a list as the same field repeated (`MediaUrl=a&MediaUrl=b`). */
type Fields = Record<string, unknown>;

/**
 * The Twilio SDK's HTTP layer, given to it through its documented `httpClient` option (twilio-node's
 * advanced-examples/custom-http-client.md: an object whose `request(opts)` resolves to `{ statusCode, body }`), on
 * Node's own http and https with a keep-alive agent. The SDK's default layer builds an axios request, merges its
 * configuration and wraps its headers for every call, which cost more of the server's CPU than anything else an SMS
 * reply does on its way out; this sends the same request: the SDK's headers, Basic auth, a form body, no redirects.
 */
export class TwilioHttpClient {
  private readonly timeoutMs: number;
  private readonly base: URL | undefined;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(options: TwilioHttpClientOptions) {
    this.timeoutMs = options.timeoutMs;
    this.base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  }

  async request(opts: RequestClient.RequestOptions): Promise<TwilioHttpResponse> {
    const url = new URL(this.base ? rebase(opts.uri, this.base) : opts.uri);
    if (opts.params) {
      for (const [name, value] of formEntries(opts.params as Fields)) url.searchParams.append(name, value);
    }
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
    if (opts.username && opts.password) {
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    } else if (opts.authStrategy) {
      headers.Authorization = await opts.authStrategy.getAuthString();
    }
    const body = opts.data ? bodyOf(opts.data as Fields, headers['Content-Type']) : undefined;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const https = url.protocol === 'https:';
    const timeoutMs = opts.timeout ?? this.timeoutMs;

    return new Promise<TwilioHttpResponse>((resolve, reject) => {
      const request = (https ? httpsRequest : httpRequest)(url, { method: opts.method.toUpperCase(), headers, agent: https ? this.httpsAgent : this.httpAgent });
      // the whole request, not only a quiet socket: the send's claim is held for no longer than this
      const timer = setTimeout(() => request.destroy(new Error(`Twilio did not answer within ${timeoutMs} ms`)), timeoutMs);
      // a request in flight does not keep a stopping process alive; its socket has no such hold either
      timer.unref();
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers });
        });
      });
      request.end(body);
    });
  }
}

/** `https://api.twilio.com/2010-04-01/…?x` on `http://127.0.0.1:4010/twilio` is `http://127.0.0.1:4010/twilio/2010-04-01/…?x`. */
export function rebase(uri: string, base: URL | string): string {
  const target = typeof base === 'string' ? new URL(base) : base;
  const original = new URL(uri);
  return `${target.origin}${target.pathname.replace(/\/+$/, '')}${original.pathname}${original.search}`;
}

/** Fields as the SDK's own layer sends them: undefined left out, null empty, a list repeated, the rest as text. */
export function formEntries(fields: Fields): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === undefined) continue;
      entries.push([name, item === null ? '' : item instanceof Date ? item.toISOString() : String(item)]);
    }
  }
  return entries;
}

function bodyOf(data: Fields, contentType: string | undefined): string | undefined {
  if (contentType === 'application/json') return JSON.stringify(data);
  if (contentType === 'application/x-www-form-urlencoded') return new URLSearchParams(formEntries(data)).toString();
  return undefined;
}
