import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { AppConfig } from '../config/config.schema.js';
import { maskContactsInText } from '../contacts/contact-format.js';

const REQUEST_ID = /^[\w-]{1,64}$/;

/** Levels at which a request's completion line (logged at `info`) is kept. */
const LOGS_REQUESTS = new Set<AppConfig['LOG_LEVEL']>(['info', 'debug', 'trace']);

/**
 * JSON logs with a request id per request. A request is logged as its id, method, address and user agent: no header
 * that could carry a credential or a signature, and no body. Any phone number or email address that reaches a log
 * line's message is masked.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      // At a level that discards it, the completion line of every request would still be put together and thrown away.
      autoLogging: LOGS_REQUESTS.has(config.LOG_LEVEL),
      // On every line from the start, rather than bound to a further child logger made for each request.
      base: { pid: process.pid, hostname: hostname(), service: 'redress' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Every request's logger is bound to its request, serialised when the request comes in. The request is read
      // as it is, rather than first copied whole (with its socket's address, its query and every header) to be cut
      // down to four fields; with no header kept, nothing of the request is left to redact.
      wrapSerializers: false,
      redact: { paths: ['res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: {
        req: (req: IncomingMessage & { id: string; originalUrl?: string }) => ({
          id: req.id,
          method: req.method,
          url: maskContactsInText(req.originalUrl ?? req.url ?? ''),
          userAgent: req.headers['user-agent'],
        }),
        res: stdSerializers.res,
        err: stdSerializers.err,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskContactsInText(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
  };
}
