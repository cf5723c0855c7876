import { createHmac, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';

/** [reference, number of events, hash of the last one] */
export type CheckpointedCase = [string, number, string];

/**
 * A signed checkpoint: the heads of the case histories sealed since the one before, appended as one JSON line to a
 * file outside the database. Each line signs the one before it, so lines cannot be dropped from the middle or
 * reordered; a history later found shorter than a checkpoint says, or ending elsewhere, was cut or rewritten, even if
 * whoever did it also put back an old seal.
 */
export interface Checkpoint {
  at: string;
  prev: string | null;
  cases: CheckpointedCase[];
  mac: string;
}

function macOf(key: string, body: Omit<Checkpoint, 'mac'>): string {
  return createHmac('sha256', key).update(canonicalize({ at: body.at, prev: body.prev, cases: body.cases }) as string).digest('hex');
}

export function signCheckpoint(key: string, at: string, prev: string | null, cases: CheckpointedCase[]): Checkpoint {
  return { at, prev, cases, mac: macOf(key, { at, prev, cases }) };
}

export type CheckpointsVerdict =
  | { ok: true; checkpoints: Checkpoint[] }
  | { ok: false; line: number; problem: 'unreadable' | 'signature_invalid' | 'out_of_order' };

/** Reads and checks a checkpoint file's lines: each signed by the key, each naming the one before. */
export function readCheckpoints(key: string, text: string): CheckpointsVerdict {
  const checkpoints: Checkpoint[] = [];
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (const [index, line] of lines.entries()) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(line) as Checkpoint;
    } catch {
      return { ok: false, line: index + 1, problem: 'unreadable' };
    }
    if (typeof checkpoint.mac !== 'string' || !Array.isArray(checkpoint.cases)) return { ok: false, line: index + 1, problem: 'unreadable' };
    const expected = Buffer.from(macOf(key, checkpoint), 'hex');
    const given = Buffer.from(checkpoint.mac, 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, line: index + 1, problem: 'signature_invalid' };
    if (checkpoint.prev !== (checkpoints.at(-1)?.mac ?? null)) return { ok: false, line: index + 1, problem: 'out_of_order' };
    checkpoints.push(checkpoint);
  }
  return { ok: true, checkpoints };
}

/** For each case, the furthest head any checkpoint vouched for. */
export function furthestHeads(checkpoints: readonly Checkpoint[]): Map<string, { events: number; headHash: string }> {
  const heads = new Map<string, { events: number; headHash: string }>();
  for (const { cases } of checkpoints) {
    for (const [reference, events, headHash] of cases) {
      if ((heads.get(reference)?.events ?? 0) <= events) heads.set(reference, { events, headHash });
    }
  }
  return heads;
}
