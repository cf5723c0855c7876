import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { CaseEventRecord } from './case-event.entity.js';
import { chain, GENESIS_HASH, verifyChain, type ChainVerdict } from './hash-chain.js';

export interface NewCaseEvent {
  type: string;
  actor: Actor;
  at: string;
  reason?: string | null;
  data: Record<string, unknown>;
}

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
  /** Call inside the transaction that makes the change, so a change and its history stand or fall together. */
  async append(manager: EntityManager, reference: string, events: NewCaseEvent[]): Promise<CaseEventRecord[]> {
    const repository = manager.getRepository(CaseEventRecord);
    const head = await repository.findOne({ where: { reference }, order: { seq: 'DESC' } });
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
      });
      records.push(Object.assign(new CaseEventRecord(), chained));
      prevHash = chained.hash;
    }
    return repository.save(records);
  }

  list(manager: EntityManager, reference: string): Promise<CaseEventRecord[]> {
    return manager.getRepository(CaseEventRecord).find({ where: { reference }, order: { seq: 'ASC' } });
  }

  async verify(manager: EntityManager, reference: string): Promise<ChainVerdict> {
    return verifyChain(await this.list(manager, reference));
  }
}
