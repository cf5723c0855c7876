import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../complaints/complaint.repository.js';
import type { ComplaintStatus } from '../complaints/domain/complaint.js';
import { contactOfKey, conversationKeyOf } from './conversation-keys.js';
import type { ComplaintLinks } from './customer-data.js';

/** A resolved complaint can still be reopened: only these two have let go of the customer. */
const ENDED: ReadonlySet<ComplaintStatus> = new Set(['closed', 'withdrawn']);

/** A conversation belongs to a complaint when the complaint came from it or keeps its customer updated on it. */
@Injectable()
export class CaseConversations implements ComplaintLinks {
  constructor(private readonly complaints: ComplaintRepository) {}

  async linked(conversations: readonly string[], which: 'any' | 'open'): Promise<Set<string>> {
    const wanted = new Set(conversations);
    const values = [...wanted].map(contactOfKey).flatMap((contact) => (contact ? [contact.value] : []));
    const found = new Set<string>();
    for (const row of await this.complaints.linkedTo([...wanted], values)) {
      if (which === 'open' && ENDED.has(row.status)) continue;
      if (row.originKey !== null && wanted.has(row.originKey)) found.add(row.originKey);
      const reached = conversationKeyOf({ kind: row.contactKind, value: row.contactValue });
      if (wanted.has(reached)) found.add(reached);
    }
    return found;
  }
}
