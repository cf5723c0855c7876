import { createHash, randomBytes } from 'node:crypto';
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
  /**
   * How the hash was made. 1: over every field as written (histories from before erasure existed). 2: over every
   * field, except that each personal one counts only through a salted digest of it, so it can later be erased
   * without breaking the chain.
   */
  scheme?: HashScheme;
  /** Scheme 2's per-event salt (hex); destroyed, with the personal fields, when the event is erased. */
  salt?: string | null;
}

export interface ChainedEvent extends ChainedFields {
  prevHash: string;
  hash: string;
}

export type HashScheme = 1 | 2;
export const CURRENT_SCHEME: HashScheme = 2;

/** The hash the first event of every case chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Fields of an event's data that can hold what a customer or staff wrote about a customer, or how to reach them. They
 * are what erasure takes away; everything else (types, statuses, dates, deadlines, categories, outcomes, root causes)
 * stays and keeps the statistics true. A provider's error can quote the number it failed to reach. The list is part of
 * hash scheme 2: events already written hash by it, so a field added later needs a scheme 3.
 */
export const PERSONAL_DATA_FIELDS: readonly string[] = [
  'contact',
  'customerName',
  'description',
  'remedySought',
  'text',
  'question',
  'message',
  'explanation',
  'reason',
  'assessment.summary',
  'error',
];

/** A copy of `data` with the value at each personal path (`a` or `a.b`) replaced by what `replace` makes of it. */
function mapPersonal(data: Record<string, unknown>, replace: (path: string, value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const path of PERSONAL_DATA_FIELDS) {
    const [head, tail] = path.split('.');
    if (tail === undefined) {
      if (head in out) out[head] = replace(path, out[head]);
      continue;
    }
    const parent = out[head];
    if (typeof parent === 'object' && parent !== null && !Array.isArray(parent) && tail in parent) {
      out[head] = { ...parent, [tail]: replace(path, (parent as Record<string, unknown>)[tail]) };
    }
  }
  return out;
}

function personalValues(data: Record<string, unknown>): unknown[] {
  const values: unknown[] = [];
  mapPersonal(data, (_path, value) => {
    values.push(value);
    return value;
  });
  return values;
}

/** What an erased field holds: the digest the event's hash was made with, and nothing of what was written. */
export interface ErasedValue {
  $erased: string;
}

export function isErased(value: unknown): value is ErasedValue {
  return typeof value === 'object' && value !== null && typeof (value as ErasedValue).$erased === 'string' && Object.keys(value).length === 1;
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** The salted digest a scheme 2 hash takes of one personal field; the field's name is in it, so values cannot swap. */
function digestOf(salt: string, field: string, value: unknown): string {
  return createHash('sha256').update(salt).update('\n').update(field).update('\n').update(canonicalize(value) as string).digest('hex');
}

function committed(salt: string | null | undefined, field: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isErased(value)) return { $digest: value.$erased };
  // A personal field kept in plain text whose salt is gone cannot be vouched for: a digest nobody can match.
  return { $digest: salt ? digestOf(salt, field, value) : 'unverifiable' };
}

/** The reason column's digest once it is erased: the column is text, so the marker goes into the data. */
const REASON = '$reason';

/**
 * What an event's hash is taken over, after the previous event's hash: the scheme's marker, then the fields as RFC 8785
 * canonical JSON, so the same event hashes the same on SQLite and PostgreSQL, whatever the key order.
 */
export function hashedText(fields: ChainedFields): string {
  const { reference, seq, type, actor, at, reason, data } = fields;
  if ((fields.scheme ?? 1) === 1) {
    return `\n${canonicalize({ reference, seq, type, actor, at, reason, data }) as string}`;
  }
  const salt = fields.salt;
  const { [REASON]: erasedReason, ...rest } = data;
  const commitments = mapPersonal(rest, (path, value) => committed(salt, path, value));
  const why = reason ?? (isErased(erasedReason) ? erasedReason : null);
  return `\nv2\n${canonicalize({ reference, seq, type, actor, at, reason: committed(salt, REASON, why) ?? null, data: commitments }) as string}`;
}

export function hashEvent(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(hashedText(fields)).digest('hex');
}

export function chain(prevHash: string, fields: ChainedFields): ChainedEvent {
  return { ...fields, prevHash, hash: hashEvent(prevHash, fields) };
}

/**
 * An event with its personal fields replaced by the digests its hash was made with, and its salt gone: what is left
 * still hashes to the same value, and what was written can no longer be read or guessed. Scheme 1 events hashed the
 * plain text, so theirs cannot be kept: their fields become `{ $erased: '' }` and the erasure event that follows
 * vouches for them instead (see `verifyChain`).
 */
export function redacted(event: ChainedEvent): { data: Record<string, unknown>; reason: null; erasedFields: number } {
  const scheme = event.scheme ?? 1;
  let erasedFields = 0;
  const erase = (field: string, value: unknown): unknown => {
    if (value === null || value === undefined || isErased(value)) return value;
    erasedFields++;
    return { $erased: scheme === 2 && event.salt ? digestOf(event.salt, field, value) : '' };
  };
  const data = mapPersonal(event.data, erase);
  if (event.reason !== null) data[REASON] = erase(REASON, event.reason);
  return { data, reason: null, erasedFields };
}

/** The events whose erasure took their personal fields from under a scheme 1 hash, and that a later erasure names. */
export const ERASURE_EVENT_TYPES: ReadonlySet<string> = new Set(['customer.erased', 'case.anonymised']);

export type ChainVerdict =
  | { intact: true; events: number; headHash: string }
  | { intact: false; events: number; firstBrokenSeq: number; problem: 'content_altered' | 'link_broken' | 'sequence_gap' };

/** A chain that holds together may still have been rewritten whole, or cut short: its seal tells. */
export type HistoryVerdict = ChainVerdict | { intact: false; events: number; problem: 'not_sealed' | 'seal_mismatch' };

function hasErasedField(event: ChainedEvent): boolean {
  return [event.data[REASON], ...personalValues(event.data)].some(isErased);
}

/**
 * Walks a case's events in order and names the first one that no longer fits the chain. A scheme 1 event whose
 * personal fields were erased cannot hash as it did; it still links, and it counts as intact when an erasure event
 * later in the same (sealed) history names its number in `legacySeqs`.
 */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerdict {
  const vouched = new Set<number>();
  for (const event of events) {
    if (!ERASURE_EVENT_TYPES.has(event.type) || !Array.isArray(event.data.legacySeqs)) continue;
    for (const seq of event.data.legacySeqs) if (typeof seq === 'number' && seq < event.seq) vouched.add(seq);
  }
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const broken = (problem: 'content_altered' | 'link_broken' | 'sequence_gap') =>
      ({ intact: false, events: events.length, firstBrokenSeq: event.seq, problem }) as const;
    if (event.seq !== index + 1) return broken('sequence_gap');
    if (event.prevHash !== prevHash) return broken('link_broken');
    const legacyErased = (event.scheme ?? 1) === 1 && vouched.has(event.seq) && hasErasedField(event);
    if (!legacyErased && hashEvent(prevHash, event) !== event.hash) return broken('content_altered');
    prevHash = event.hash;
  }
  return { intact: true, events: events.length, headHash: prevHash };
}
