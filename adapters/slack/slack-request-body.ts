import type { IncomingMessage, ServerResponse } from 'node:http';

/** Slack's route takes bodies up to this; larger ones are answered 413. */
export const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Reads the body of a request to Slack's route whole, up to 1 MB, into `rawBody` (where Bolt's signature check finds
 * it), before the application's JSON and form parsers, whose 100 KB limit would refuse a large event with nobody told.
 * An event over 100 KB is then answered by Redress itself: its author is told privately that it was not kept.
 */
export function readSlackBodies(req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse, next: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > SLACK_BODY_LIMIT_BYTES) {
      refused = true;
      const body = JSON.stringify({ statusCode: 413, code: 'payload_too_large', message: 'The request body is larger than Redress takes from Slack.' });
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(body);
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    req.rawBody = Buffer.concat(chunks);
    next();
  });
  req.on('error', (error) => {
    if (!refused) next(error);
  });
}
