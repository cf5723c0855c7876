import { createServer, type Server } from 'node:http';
import type { RecordedRequest } from './recording-server.js';

/**
 * A Bot Framework connector on 127.0.0.1 whose answer a test can change between requests: 200 with an id, as
 * RecordingServer always gives, or the failure status it is told to give.
 */
export class ScriptedConnector {
  readonly requests: RecordedRequest[] = [];
  /** What every request gets until told otherwise. */
  status = 200;
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (raw += chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: raw ? JSON.parse(raw) : undefined });
        const ok = this.status < 300;
        response.writeHead(this.status, { 'content-type': 'application/json' });
        // the shape of the connector's error body; its message is the kind that can quote what was sent
        response.end(JSON.stringify(ok ? { id: `connector-${this.requests.length}` } : { error: { code: 'BadArgument', message: `Refused: ${raw.slice(0, 80)}` } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server!.close((error) => (error ? reject(error) : resolve())));
  }
}
