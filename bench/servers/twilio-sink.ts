import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** Twilio's Messages API as far as Redress uses it: takes every message at once and tells who is waiting for one. */
export class TwilioSink {
  private server: Server | undefined;
  private readonly waiting = new Map<string, { until: (body: string) => boolean; resolve: () => void }>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const to = form.get('To') ?? '';
        const sid = `SM${randomBytes(16).toString('hex')}`;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sid, status: 'queued', to, num_segments: '1', date_created: new Date().toUTCString() }));
        const waiter = this.waiting.get(to);
        if (waiter?.until(form.get('Body') ?? '')) {
          this.waiting.delete(to);
          waiter.resolve();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /**
   * Resolves when a message to `number` that passes `until` arrives (a reply may come as several texts); call before
   * sending the text it answers.
   */
  nextTo(number: string, until: (body: string) => boolean): Promise<void> {
    return new Promise((resolve) => this.waiting.set(number, { until, resolve }));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
