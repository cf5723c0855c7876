import { Agent, request } from 'node:http';

/** Keeps one connection per concurrent customer, as autocannon does for the baselines. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Answer {
  status: number;
  body: string;
}

/**
 * A request over node:http. The load generator shares the machine's two cores with the server, and fetch spends
 * several times the CPU of node:http on each request, which the server would lose.
 */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(options.body);
  });
}
