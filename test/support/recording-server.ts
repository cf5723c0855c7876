import type { Server } from 'node:http';
import { closeNow, listenLocally } from './local-server.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * A stand-in for a Bot Framework channel on 127.0.0.1: it records what it is sent and answers as the connector does,
 * 200 with an id, or the failure status a test sets.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  /** What every request gets until told otherwise. */
  status = 200;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (raw += chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: raw ? JSON.parse(raw) : undefined });
        const ok = this.status < 300;
        response.writeHead(this.status, { 'content-type': 'application/json' });
        // the shape of the connector's error body; its message is the kind that can quote what was sent
        response.end(JSON.stringify(ok ? { id: `recorded-${this.requests.length}` } : { error: { code: 'BadArgument', message: `Refused: ${raw.slice(0, 80)}` } }));
      });
    }));
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }
}
