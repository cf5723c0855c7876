import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { streamConversationId, streamUrl } from './stream-url.js';

function request(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted } } as unknown as IncomingMessage;
}

describe(streamUrl.name, () => {
  it('points at the host the request named, over ws, or wss when the connection or the proxy before it had TLS', () => {
    expect(streamUrl(undefined, request({ host: 'chat.example.org:3000' }), 'abc', 0, 'the.token')).toBe(
      'ws://chat.example.org:3000/v3/directline/conversations/abc/stream?watermark=-&t=the.token',
    );
    expect(streamUrl(undefined, request({ host: 'chat.example.org' }, true), 'abc', 12, 't')).toBe(
      'wss://chat.example.org/v3/directline/conversations/abc/stream?watermark=12&t=t',
    );
    expect(streamUrl(undefined, request({ host: 'chat.example.org', 'x-forwarded-proto': 'https, http' }), 'abc', 0, 't')).toMatch(/^wss:\/\/chat\.example\.org\//);
    expect(streamUrl(undefined, request({ host: 'chat.example.org', 'x-forwarded-proto': 'gopher' }), 'abc', 0, 't')).toMatch(/^ws:\/\//);
  });

  it('takes scheme, host and path prefix from PUBLIC_URL when it is set', () => {
    const inside = request({ host: '10.0.0.7:3000' });
    expect(streamUrl('https://example.org/complaints', inside, 'abc', 3, 't')).toBe(
      'wss://example.org/complaints/v3/directline/conversations/abc/stream?watermark=3&t=t',
    );
    expect(streamUrl('http://localhost:8080/', inside, 'abc', 0, 't')).toBe('ws://localhost:8080/v3/directline/conversations/abc/stream?watermark=-&t=t');
  });
});

describe(streamConversationId.name, () => {
  it('names the conversation of a stream path and nothing else', () => {
    expect(streamConversationId('/v3/directline/conversations/abc_-1/stream')).toBe('abc_-1');
    expect(streamConversationId('/v3/directline/conversations/abc/activities')).toBeUndefined();
    expect(streamConversationId('/v3/directline/conversations/a/b/stream')).toBeUndefined();
    expect(streamConversationId('/v3/directline/conversations/%E0%A4%A/stream')).toBeUndefined();
  });
});
