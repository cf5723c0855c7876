import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import type { ComplaintStatus } from '../complaints/domain/complaint.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { batches } from './batched-rows.js';
import { contactOfKey, conversationKeyOf } from './conversation-keys.js';
import type { ComplaintLinks } from './customer-data.js';

/** A resolved complaint can still be reopened: only these two have let go of the customer. */
const ENDED: ReadonlySet<ComplaintStatus> = new Set(['closed', 'withdrawn']);

/** A conversation belongs to a complaint when the complaint came from it or keeps its customer updated on it. */
@Injectable()
export class CaseConversations implements ComplaintLinks {
  constructor(private readonly uow: UnitOfWork) {}

  async linked(conversations: readonly string[], which: 'any' | 'open'): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of batches([...new Set(conversations)])) {
      const wanted = new Set(batch);
      const values = batch.map(contactOfKey).flatMap((contact) => (contact ? [contact.value] : []));
      const rows = await this.uow.read((manager) =>
        manager.find(ComplaintRecord, {
          select: { reference: true, originKey: true, contactKind: true, contactValue: true, status: true },
          where: values.length > 0 ? [{ originKey: In(batch) }, { contactValue: In(values) }] : { originKey: In(batch) },
        }),
      );
      for (const row of rows) {
        if (which === 'open' && ENDED.has(row.status)) continue;
        if (row.originKey !== null && wanted.has(row.originKey)) found.add(row.originKey);
        const reached = conversationKeyOf({ kind: row.contactKind, value: row.contactValue });
        if (wanted.has(reached)) found.add(reached);
      }
    }
    return found;
  }
}
