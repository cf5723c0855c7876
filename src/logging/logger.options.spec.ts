import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pinoHttp, type Options } from 'pino-http';
import { parseConfig } from '../config/config.schema.js';
import { loggerOptions } from './logger.options.js';

/** A request as Node.js hands it over, with the headers a caller or a provider sends. */
function request(url: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = url;
  req.headers = {
    'user-agent': 'TwilioProxy/1.1',
    authorization: 'Bearer staff-secret',
    cookie: 'session=secret-cookie',
    'x-twilio-signature': 'twilio-signature-value',
    'x-request-id': 'req-1',
  };
  return req;
}

describe(loggerOptions.name, () => {
  it('binds a request\'s logger to its id, method, masked address and user agent, and to no header', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = loggerOptions(parseConfig({ LOG_LEVEL: 'warn' })).pinoHttp as Options;
    const middleware = pinoHttp(options, sink);
    const req = request('/api/complaints?contact=%2B447911123456');
    const res = { setHeader: () => undefined, on: () => undefined } as never;
    middleware(req, res, () => undefined);
    (req as unknown as { log: { warn(object: object, message: string): void } }).log.warn({ err: new Error('it broke') }, 'Unexpected error');

    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line.req).toEqual({ id: 'req-1', method: 'POST', url: expect.not.stringContaining('7911123456'), userAgent: 'TwilioProxy/1.1' });
    expect(line.err).toMatchObject({ type: 'Error', message: 'it broke', stack: expect.any(String) });
    expect(line.service).toBe('redress');
    for (const secret of ['staff-secret', 'secret-cookie', 'twilio-signature-value']) expect(lines.join('')).not.toContain(secret);
  });
});
