import type { IncomingMessage } from 'node:http';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)\/stream$/;

/**
 * Where a client opens the stream of a conversation, from `watermark` on, with its token in `t` as Azure's stream
 * URLs carry it. The origin is the one the client sees: PUBLIC_URL (scheme, host and any path prefix) when set,
 * otherwise the request's Host, with the scheme a TLS-terminating proxy names in X-Forwarded-Proto: a page served
 * over https may only open wss.
 */
export function streamUrl(publicUrl: string | undefined, request: IncomingMessage, conversationId: string, watermark: number, token: string): string {
  const base = new URL(publicUrl ?? `${forwardedProto(request) ?? scheme(request)}://${request.headers.host}`);
  const url = new URL(`${base.pathname.replace(/\/?$/, '/')}v3/directline/conversations/${encodeURIComponent(conversationId)}/stream`, base);
  url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ watermark: watermark > 0 ? String(watermark) : '-', t: token }).toString();
  return url.toString();
}

/** The conversation a stream URL's path names, or undefined for any other path. */
export function streamConversationId(path: string): string | undefined {
  const match = STREAM_PATH.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined; // malformed escapes: no conversation of ours has such an id
  }
}

/** The scheme the nearest proxy was called with; a client that sets it only misleads itself. */
function forwardedProto(request: IncomingMessage): 'http' | 'https' | undefined {
  const first = request.headers['x-forwarded-proto']?.toString().split(',')[0].trim().toLowerCase();
  return first === 'https' || first === 'http' ? first : undefined;
}

function scheme(request: IncomingMessage): 'http' | 'https' {
  return (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}
