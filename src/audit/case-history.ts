import { Inject, Injectable } from '@nestjs/common';
import type { CaseEvent } from '../complaints/domain/case-events.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { CaseEventRecord } from './case-event.entity.js';
import { AUDIT_KEY } from './audit-key.js';
import { CaseHistoryRepository } from './case-history.repository.js';
import { sealFits, sealOf } from './case-seal.js';
import { chain, CURRENT_SCHEME, GENESIS_HASH, newSalt, redacted, verifyChain, type HistoryVerdict } from './hash-chain.js';

/** An event about to be written into a case's history: what happened, by whom, when and why. */
export type NewCaseEvent = CaseEvent & {
  actor: Actor;
  at: string;
  reason?: string | null;
};

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.id}`;
    case 'customer':
      return 'customer';
    case 'system':
      return `system:${actor.id}`;
  }
}

/** The accountable, tamper-evident history of each case: who did what, when and why. */
@Injectable()
export class CaseHistory {
  constructor(
    private readonly repository: CaseHistoryRepository,
    @Inject(AUDIT_KEY) private readonly key: string,
  ) {}

  /**
   * Call inside the transaction that makes the change, so a change and its history stand or fall together. `newCase`:
   * the case is being made in this transaction, so it has no history to read yet.
   */
  async append(reference: string, events: NewCaseEvent[], options: { newCase?: boolean } = {}): Promise<CaseEventRecord[]> {
    const head = options.newCase ? null : await this.repository.head(reference);
    let prevHash = head?.hash ?? GENESIS_HASH;
    let seq = head?.seq ?? 0;
    const records: CaseEventRecord[] = [];
    for (const event of events) {
      const chained = chain(prevHash, {
        reference,
        seq: ++seq,
        type: event.type,
        actor: actorLabel(event.actor),
        at: event.at,
        reason: event.reason ?? null,
        data: event.data,
        scheme: CURRENT_SCHEME,
        salt: newSalt(),
      });
      records.push(Object.assign(new CaseEventRecord(), chained, { erasedAt: null }));
      prevHash = chained.hash;
    }
    const saved = await this.repository.append(records);
    if (records.length > 0) await this.seal({ reference, events: seq, headHash: prevHash }, records[records.length - 1].at);
    return saved;
  }

  /** Seals a case's head as it now stands; only inside the transaction that wrote it, or for a chain just verified. */
  async seal(head: { reference: string; events: number; headHash: string }, at: string): Promise<void> {
    await this.repository.seal({ ...head, seal: sealOf(this.key, head), sealedAt: at });
  }

  /**
   * Replaces the personal fields of every event of the case not erased yet by the digests its hash was made with,
   * and drops its salt: the one update the database lets through (see the CaseEventErasure migration). Call it in the
   * transaction that appends the erasure event, with the numbers of the scheme 1 events it took fields from, which
   * only that event can vouch for.
   */
  async redact(reference: string, at: string): Promise<{ events: number; legacySeqs: number[] }> {
    let events = 0;
    const legacySeqs: number[] = [];
    for (const event of await this.list(reference)) {
      if (event.erasedAt !== null) continue;
      const { data, reason, erasedFields } = redacted(event);
      if (erasedFields === 0 && event.salt === null) continue;
      await this.repository.redact(event.id, { data, reason, erasedAt: at });
      events++;
      if (event.scheme === 1 && erasedFields > 0) legacySeqs.push(event.seq);
    }
    return { events, legacySeqs };
  }

  /** The words of the staff reply that is event `id` of the case, as written; null once erased. */
  sentText(reference: string, id: number): Promise<string | null> {
    return this.repository.sentText(reference, id);
  }

  list(reference: string): Promise<CaseEventRecord[]> {
    return this.repository.list(reference);
  }

  /**
   * The chain must hold together and end where its seal says: rewritten or truncated histories fail here. Read the
   * events and the seal in one snapshot, or an append committed between the two reads looks like tampering.
   */
  async verify(reference: string, events?: readonly CaseEventRecord[]): Promise<HistoryVerdict> {
    const verdict = verifyChain(events ?? (await this.list(reference)));
    if (!verdict.intact) return verdict;
    const seal = await this.repository.sealOf(reference);
    if (!seal) return { intact: false, events: verdict.events, problem: 'not_sealed' };
    const head = { reference, events: verdict.events, headHash: verdict.headHash };
    if (seal.events !== head.events || seal.headHash !== head.headHash || !sealFits(this.key, head, seal.seal)) {
      return { intact: false, events: verdict.events, problem: 'seal_mismatch' };
    }
    return verdict;
  }
}
