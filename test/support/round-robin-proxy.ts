import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** One request the proxy passed on: to which backend (its index), and what came back (101 for a WebSocket). */
export interface Proxied {
  backend: number;
  method: string;
  path: string;
  status: number;
}

/** Headers that belong to one hop and are not passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/**
 * A load balancer in front of several Redress instances on 127.0.0.1, as nginx is in the README's deployment: each
 * request, and each WebSocket upgrade, goes to the next backend in turn, with X-Forwarded-For and X-Forwarded-Proto
 * set. A backend that refuses the connection (it is down) is skipped for the next one, as nginx's
 * `proxy_next_upstream error` does; nothing reached it, so nothing is done twice. A connection that breaks after the
 * request went out is answered 502, and the client does not know whether it was taken.
 */
export class RoundRobinProxy {
  readonly proxied: Proxied[] = [];
  private server?: Server;
  private readonly sockets = new Set<Duplex>();
  private turn = 0;
  url = '';

  constructor(private readonly backends: { host: string; port: number }[]) {}

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const pass = (backend: number, tries: number): void => {
          const { host, port } = this.backends[backend];
          const upstream = httpRequest({ host, port, method: request.method, path: request.url, headers: this.forwarded(request), agent: false }, (answer) => {
            this.proxied.push({ backend, method: request.method ?? '', path: request.url ?? '', status: answer.statusCode ?? 0 });
            response.writeHead(answer.statusCode ?? 502, passedOn(answer.headers));
            answer.pipe(response);
            answer.on('error', () => response.destroy());
          });
          upstream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'ECONNREFUSED' && tries < this.backends.length) return pass(this.pick(), tries + 1);
            this.proxied.push({ backend, method: request.method ?? '', path: request.url ?? '', status: 502 });
            if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
            else response.destroy();
          });
          upstream.end(body);
        };
        pass(this.pick(), 1);
      });
    });
    server.on('connection', (socket) => this.track(socket));
    server.on('upgrade', (request: IncomingMessage, client: Duplex, head: Buffer) => this.upgrade(request, client, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return this;
  }

  /** Stops listening and cuts every connection, WebSocket tunnels included. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The requests a backend answered with `status`, whose path starts with `prefix`. */
  answered(backend: number, prefix: string, status = 200): Proxied[] {
    return this.proxied.filter((p) => p.backend === backend && p.status === status && p.path.startsWith(prefix));
  }

  private pick(): number {
    const backend = this.turn % this.backends.length;
    this.turn++;
    return backend;
  }

  private forwarded(request: IncomingMessage): IncomingHttpHeaders {
    const headers = passedOn(request.headers);
    const before = request.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = before ? `${before}, ${request.socket.remoteAddress}` : request.socket.remoteAddress;
    headers['x-forwarded-proto'] = 'http';
    return headers;
  }

  /** A WebSocket upgrade: the request goes to the next backend as it came, then bytes flow both ways untouched. */
  private upgrade(request: IncomingMessage, client: Duplex, head: Buffer): void {
    this.track(client);
    const tunnel = (backend: number, tries: number): void => {
      const { host, port } = this.backends[backend];
      const upstream: Socket = connect(port, host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        this.track(upstream);
        this.proxied.push({ backend, method: 'GET', path: request.url ?? '', status: 101 });
        const headers = { ...this.forwarded(request), connection: 'Upgrade', upgrade: request.headers.upgrade ?? 'websocket' };
        const lines = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`));
        upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (!connected && error.code === 'ECONNREFUSED' && tries < this.backends.length) return tunnel(this.pick(), tries + 1);
        client.destroy();
      });
      client.on('error', () => upstream.destroy());
    };
    tunnel(this.pick(), 1);
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

function passedOn(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}
