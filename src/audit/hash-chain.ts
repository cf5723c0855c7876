import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The part of a case event that its hash vouches for. */
export interface ChainedFields {
  reference: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  reason: string | null;
  data: Record<string, unknown>;
}

export interface ChainedEvent extends ChainedFields {
  prevHash: string;
  hash: string;
}

/** The hash the first event of every case chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** RFC 8785 canonical JSON, so the same event hashes the same on SQLite and PostgreSQL, whatever the key order. */
export function hashEvent(prevHash: string, fields: ChainedFields): string {
  const { reference, seq, type, actor, at, reason, data } = fields;
  const canonical = canonicalize({ reference, seq, type, actor, at, reason, data });
  return createHash('sha256').update(prevHash).update('\n').update(canonical as string).digest('hex');
}

export function chain(prevHash: string, fields: ChainedFields): ChainedEvent {
  return { ...fields, prevHash, hash: hashEvent(prevHash, fields) };
}

export type ChainVerdict =
  | { intact: true; events: number; headHash: string }
  | { intact: false; events: number; firstBrokenSeq: number; problem: 'content_altered' | 'link_broken' | 'sequence_gap' };

/** A chain that holds together may still have been rewritten whole, or cut short: its seal tells. */
export type HistoryVerdict = ChainVerdict | { intact: false; events: number; problem: 'not_sealed' | 'seal_mismatch' };

/** Walks a case's events in order and names the first one that no longer fits the chain. */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const broken = (problem: 'content_altered' | 'link_broken' | 'sequence_gap') =>
      ({ intact: false, events: events.length, firstBrokenSeq: event.seq, problem }) as const;
    if (event.seq !== index + 1) return broken('sequence_gap');
    if (event.prevHash !== prevHash) return broken('link_broken');
    if (hashEvent(prevHash, event) !== event.hash) return broken('content_altered');
    prevHash = event.hash;
  }
  return { intact: true, events: events.length, headHash: prevHash };
}
