import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConversationTokens, resolveTokenSecret, TOKEN_LIFETIME_SECONDS } from './conversation-tokens.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const tokens = new ConversationTokens('a-secret-that-is-long-enough-for-hs256');

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe(ConversationTokens.name, () => {
  it('grants the conversation and user it was issued for until it expires', () => {
    const { token, expiresIn } = tokens.issue('conversation-1', 'dl_user', NOW);
    expect(expiresIn).toBe(TOKEN_LIFETIME_SECONDS);
    expect(tokens.verify(`Bearer ${token}`, later(TOKEN_LIFETIME_SECONDS - 1))).toEqual({
      conversationId: 'conversation-1',
      userId: 'dl_user',
      expiresAt: NOW.getTime() / 1000 + TOKEN_LIFETIME_SECONDS,
    });
    expect(codeOf(() => tokens.verify(`Bearer ${token}`, later(TOKEN_LIFETIME_SECONDS)))).toBe('token_expired');
  });

  it('is a JWT whose user claim Web Chat can read', () => {
    const [header, payload] = tokens.issue('conversation-1', 'dl_user', NOW).token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ conv: 'conversation-1', user: 'dl_user' });
  });

  it.each([
    ['no header', undefined, 'token_missing'],
    ['another scheme', 'Basic abc', 'token_missing'],
    ['a token of another secret', `Bearer ${new ConversationTokens('another-secret-that-is-long-enough').issue('c', 'u', NOW).token}`, 'token_invalid'],
    ['garbage', 'Bearer a.b.c', 'token_invalid'],
  ])('refuses %s', (_name, header, code) => {
    expect(codeOf(() => tokens.verify(header, NOW))).toBe(code);
  });

  it('refuses a token whose claims were changed, or whose header names another algorithm', () => {
    const [header, payload, signature] = tokens.issue('conversation-1', 'dl_user', NOW).token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const other = Buffer.from(JSON.stringify({ ...claims, conv: 'conversation-2' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(codeOf(() => tokens.verify(`Bearer ${header}.${other}.${signature}`, NOW))).toBe('token_invalid');
    expect(codeOf(() => tokens.verify(`Bearer ${none}.${payload}.`, NOW))).toBe('token_invalid');
    expect(codeOf(() => tokens.verify(`Bearer ${none}.${payload}.${signature}`, NOW))).toBe('token_invalid');
  });

  it('refuses a changed token after the genuine one was accepted, and an accepted token once it expires', () => {
    const kept = new ConversationTokens('a-secret-that-is-long-enough-for-hs256');
    const { token } = kept.issue('conversation-1', 'dl_user', NOW);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const other = Buffer.from(JSON.stringify({ ...claims, conv: 'conversation-2' })).toString('base64url');
    expect(kept.verify(`Bearer ${token}`, NOW).conversationId).toBe('conversation-1');
    expect(codeOf(() => kept.verify(`Bearer ${header}.${other}.${signature}`, NOW))).toBe('token_invalid');
    expect(codeOf(() => kept.verify(`Bearer ${header}.${payload}.${signature.slice(1)}x`, NOW))).toBe('token_invalid');
    expect(kept.verify(`Bearer ${token}`, later(60)).conversationId).toBe('conversation-1');
    expect(codeOf(() => kept.verify(`Bearer ${token}`, later(TOKEN_LIFETIME_SECONDS)))).toBe('token_expired');
    expect(codeOf(() => kept.verify(`Bearer ${token}`, later(TOKEN_LIFETIME_SECONDS + 60)))).toBe('token_expired');
  });

  it('grants each of many conversations its own, however many tokens it has seen', () => {
    const issued = Array.from({ length: 5000 }, (_, i) => tokens.issue(`conversation-${i}`, `dl_${i}`, NOW).token);
    for (const token of issued) tokens.verify(`Bearer ${token}`, NOW);
    expect(issued.map((token) => tokens.verifyToken(token, later(1)).conversationId)).toEqual(issued.map((_, i) => `conversation-${i}`));
    const grant = tokens.verifyToken(issued[0], NOW);
    grant.conversationId = 'changed by a caller';
    expect(tokens.verifyToken(issued[0], NOW).conversationId).toBe('conversation-0');
  });
});

describe(resolveTokenSecret.name, () => {
  it('uses the configured secret, else generates one into DATA_DIR once and keeps it private', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-secret-'));
    try {
      expect(resolveTokenSecret({ DIRECTLINE_TOKEN_SECRET: 'x'.repeat(32), DATA_DIR: dir })).toEqual({ secret: 'x'.repeat(32) });
      const first = resolveTokenSecret({ DATA_DIR: dir });
      expect(first.secret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(first.file!, 'utf8').trim()).toBe(first.secret);
      expect(statSync(first.file!).mode & 0o777).toBe(0o600);
      expect(resolveTokenSecret({ DATA_DIR: dir }).secret).toBe(first.secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
