import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.schema.js';
import { maskContactsInText } from '../contacts/contact-format.js';

const REQUEST_ID = /^[\w-]{1,64}$/;

/** Levels at which a request's completion line (logged at `info`) is kept. */
const LOGS_REQUESTS = new Set<AppConfig['LOG_LEVEL']>(['info', 'debug', 'trace']);

/**
 * JSON logs with a request id per request. Headers that carry credentials or signatures are redacted, bodies are
 * never logged, and any phone number or email address that reaches a log line's message is masked.
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
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-twilio-signature"]',
          'req.headers["x-slack-signature"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: maskContactsInText(req.url),
          userAgent: req.headers['user-agent'],
        }),
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
