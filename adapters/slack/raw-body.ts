import type { IncomingMessage, ServerResponse } from 'node:http';
import bolt from '@slack/bolt';

const { HTTPModuleFunctions: http } = bolt;

/** Slack's payloads are small; this is far above any of them and far below what could hurt. */
const BODY_LIMIT = 1024 * 1024;

/** The part of Express's application that this needs: its router's middleware stack. */
interface ExpressLike {
  use(path: string, handler: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): unknown;
  router: { stack: { name: string }[] };
}

/**
 * Slack signs the exact bytes it sends, and Nest's JSON and form parsers, registered before any module runs, would
 * consume them first. This puts a layer that keeps the raw body (`req.rawBody`, where Bolt looks for it) just in
 * front of those parsers, for one path; the parsers then find the stream read and leave the request alone.
 */
export function keepRawBody(express: ExpressLike, path: string): void {
  express.use(path, function keepSlackRawBody(req, res, next) {
    if (req.method !== 'POST') return next();
    http.bufferIncomingMessage(req, BODY_LIMIT).then(
      () => next(),
      (error: unknown) => {
        const status = http.isRawBodyError(error) ? error.statusCode : 400;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ statusCode: status, code: 'slack_body_unreadable', message: 'The request body could not be read.' }));
      },
    );
  });
  const stack = express.router.stack;
  const layer = stack.pop();
  const parsers = stack.findIndex((l) => l.name === 'jsonParser' || l.name === 'urlencodedParser');
  if (layer) stack.splice(parsers === -1 ? stack.length : parsers, 0, layer);
}
