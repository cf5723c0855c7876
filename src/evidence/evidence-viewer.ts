import { Inject, Injectable } from '@nestjs/common';
import { CaseHistory } from '../audit/case-history.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { INVOLVED_REFUSAL, isInvolved } from '../complaints/domain/complaint.machine.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { DomainError } from '../common/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { EvidenceRepository, type EvidenceItem } from './evidence.repository.js';

/** A file as staff are told of it, without where it is stored. */
export type EvidenceView = Pick<EvidenceItem, 'id' | 'origin' | 'kind' | 'mediaType' | 'fileName' | 'size' | 'sha256' | 'createdAt'>;

/**
 * Staff's access to the files of a case: whoever may see the case may see them, except someone named as involved in
 * it (as for the customer's contact). Every access is recorded in the case history, with who.
 */
@Injectable()
export class EvidenceViewer {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly evidence: EvidenceRepository,
    private readonly caseHistory: CaseHistory,
    private readonly uow: UnitOfWork,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(reference: string, actor: Actor): Promise<EvidenceView[]> {
    await this.mayView(reference, actor);
    const items = await this.evidence.listFor(reference);
    await this.record(reference, actor, null);
    return items.map(view);
  }

  async open(reference: string, id: string, actor: Actor): Promise<{ item: EvidenceView; bytes: Buffer }> {
    await this.mayView(reference, actor);
    const item = await this.evidence.find(reference, id);
    if (!item) throw notFound();
    const bytes = await this.storage.get(item.storageKey);
    // A row whose file is gone is Redress's fault, not the caller's: a 500 with an id in the log.
    if (!bytes) throw new Error(`The file of evidence ${id} of ${reference} is missing from the ${this.storage.describe()}`);
    await this.record(reference, actor, id);
    return { item: view(item), bytes };
  }

  private async mayView(reference: string, actor: Actor): Promise<void> {
    const complaint = await this.complaints.get(reference);
    if (isInvolved(complaint, actor)) throw new DomainError('forbidden', INVOLVED_REFUSAL.code, 'You are named as involved in this complaint, so you cannot see what the customer sent.');
  }

  private async record(reference: string, actor: Actor, evidenceId: string | null): Promise<void> {
    await this.uow.transaction(async () => {
      await this.evidence.holdComplaint(reference);
      await this.caseHistory.append(reference, [{ type: 'evidence.viewed', data: { evidenceId }, actor, at: this.clock.now().toISOString() }]);
    });
  }
}

function view(item: EvidenceItem): EvidenceView {
  const { id, origin, kind, mediaType, fileName, size, sha256, createdAt } = item;
  return { id, origin, kind, mediaType, fileName, size, sha256, createdAt };
}

function notFound(): DomainError {
  return new DomainError('not_found', 'evidence_not_found', 'This case has no file with that id.', { fields: [{ field: 'id', message: 'no file of this case has this id' }] });
}
