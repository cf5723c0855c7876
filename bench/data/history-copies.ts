import { createHash } from 'node:crypto';
import { GENESIS_HASH, hashEvent, hashedText, type ChainedFields } from '../../src/audit/hash-chain.js';
import { sealOf } from '../../src/audit/case-seal.js';

/** A stored history event of one of the cases being copied, as read back from the database. */
export interface StoredEvent extends ChainedFields {
  id: number;
}

/** A copy's event: which stored event it copies, and the links of the copy's own chain. */
export interface CopiedLink {
  id: number;
  prevHash: string;
  hash: string;
}

export interface CopiedSeal {
  /** The case copied. */
  from: string;
  reference: string;
  events: number;
  headHash: string;
  seal: string;
}

interface Template {
  id: number;
  /** The hashed text around the reference, which is all that changes in a copy. */
  before: string;
  after: string;
}

/**
 * Chains and seals the histories of copied cases. A case's hash chain covers its reference (see `hashedText`), so a
 * copy under a new reference needs every hash anew, and a seal over its new head. Everything else an event's hash
 * covers stays as it is (the salted digests of personal fields do not name the case), so each event's hashed text is
 * made once, and a copy costs one SHA-256 per event and one HMAC per case: seconds for a million cases, where playing
 * each case through the app costs hours.
 */
export class HistoryCopies {
  private readonly cases = new Map<string, Template[]>();

  /** `events`: every event of the cases to copy, each case's in order. */
  constructor(
    events: readonly StoredEvent[],
    private readonly auditKey: string,
  ) {
    for (const event of events) {
      const text = hashedText(event);
      const marker = `"reference":${JSON.stringify(event.reference)},"seq":${event.seq},"type":`;
      // canonical JSON sorts the keys, so the event's own reference is the last one in the text
      const at = text.lastIndexOf(marker);
      if (at < 0) throw new Error(`${event.reference} #${event.seq}: its hashed text does not name it`);
      const start = at + '"reference":"'.length;
      const list = this.cases.get(event.reference) ?? [];
      list.push({ id: event.id, before: text.slice(0, start), after: text.slice(start + event.reference.length) });
      this.cases.set(event.reference, list);
    }
    const [first] = events;
    if (first) {
      // the text must be the one hashEvent hashes, or every copy would fail verification
      const again = createHash('sha256').update(GENESIS_HASH).update(this.textOf(this.cases.get(first.reference)?.[0] as Template, first.reference)).digest('hex');
      if (again !== hashEvent(GENESIS_HASH, first)) throw new Error('copied hashes would not match the chain');
    }
  }

  /** The links and seal of `from`'s history copied under `reference`. */
  copy(from: string, reference: string): { links: CopiedLink[]; seal: CopiedSeal } {
    const templates = this.cases.get(from) ?? [];
    let prevHash = GENESIS_HASH;
    const links = templates.map((template) => {
      const hash = createHash('sha256').update(prevHash).update(this.textOf(template, reference)).digest('hex');
      const link = { id: template.id, prevHash, hash };
      prevHash = hash;
      return link;
    });
    const head = { reference, events: links.length, headHash: prevHash };
    return { links, seal: { from, ...head, seal: sealOf(this.auditKey, head) } };
  }

  private textOf(template: Template, reference: string): string {
    return template.before + reference + template.after;
  }
}
