import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CaseHistory, type NewCaseEvent } from '../audit/case-history.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { Outbox } from '../notifications/outbox.js';
import { OutboxPolicies } from '../notifications/outbox-policies.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { downloadName } from './download-name.js';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { detectEvidenceType, type DetectedType } from './evidence-type.js';
import { EvidenceRepository } from './evidence.repository.js';
import { withoutLocation } from './image-privacy.js';

export type EvidenceOrigin = 'webchat' | 'sms' | 'whatsapp';

export interface EvidenceFile {
  bytes: Buffer;
  /** As the customer's device or Twilio named it; untrusted, used only to suggest a download name. */
  name?: string;
}

export type EvidenceOutcome =
  | { status: 'stored'; evidenceId: string; kind: 'image' | 'pdf' | 'text'; fileName: string; size: number }
  /** The same sourceKey was stored before (a retried delivery). */
  | { status: 'duplicate'; evidenceId: string }
  | { status: 'refused'; reason: 'too_large' | 'unsupported_type' | 'too_many' | 'empty'; limit: number | null };

type Refusal = Extract<EvidenceOutcome, { status: 'refused' }>;

/**
 * Takes the files customers send with a complaint: checks each by its bytes and against the limits, takes the
 * location out of photos, stores it, and records it in the case history. A customer's bad file is an answer (`refused`), never an exception; an exception
 * means Redress could not do its part (storage or database down, or no such complaint).
 */
@Injectable()
export class EvidenceDesk {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly evidence: EvidenceRepository,
    private readonly caseHistory: CaseHistory,
    private readonly uow: UnitOfWork,
    private readonly complaints: ComplaintsService,
    private readonly outbox: Outbox,
    private readonly policies: OutboxPolicies,
  ) {}

  /** Configured limits: EVIDENCE_MAX_FILE_BYTES (default 10 MB), EVIDENCE_MAX_FILES (default 5 per complaint). */
  limits(): { maxFileBytes: number; maxFilesPerComplaint: number } {
    return { maxFileBytes: this.config.EVIDENCE_MAX_FILE_BYTES, maxFilesPerComplaint: this.config.EVIDENCE_MAX_FILES };
  }

  /** How many more files this complaint may take. */
  async remaining(complaintId: string): Promise<number> {
    return Math.max(0, this.limits().maxFilesPerComplaint - (await this.evidence.countFor(complaintId)));
  }

  /**
   * Adds a file to the complaint whose reference is `complaintId`. `sourceKey` is stable across retries of the same
   * delivery (`twilio:MM…:0`, `directline:<activityId>:0`): a retry answers `duplicate` with the file stored first.
   */
  async add(complaintId: string, file: EvidenceFile, origin: EvidenceOrigin, sourceKey: string): Promise<EvidenceOutcome> {
    const type = await this.check(file.bytes);
    if ('status' in type) return type;
    // Cheap answers before any work on the file: a retry, or a complaint already full.
    const early = await this.placeFor(complaintId, sourceKey);
    if (early) return early;
    // Stored, and counted in size and digest, as kept: without where a photo was taken.
    const bytes = await withoutLocation(file.bytes, type);
    if (!bytes) return { status: 'refused', reason: 'unsupported_type', limit: null };

    const id = randomUUID();
    const item = {
      id,
      complaintReference: complaintId,
      origin,
      sourceKey,
      kind: type.kind,
      mediaType: type.mediaType,
      fileName: downloadName(file.name, type, `evidence-${id.slice(0, 8)}`),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey: `${complaintId}/${id}`,
      createdAt: this.clock.now().toISOString(),
    };
    // The file goes first, so that a row never names a file that is missing; if the row then loses a race it is removed.
    await this.storage.put(item.storageKey, bytes);
    let outcome: EvidenceOutcome;
    try {
      outcome = await this.uow.transaction(async () => {
        const taken = await this.placeFor(complaintId, sourceKey);
        if (taken) return taken;
        await this.evidence.insert(item);
        const events: NewCaseEvent[] = [
          { type: 'evidence.added', data: { evidenceId: id, origin, kind: item.kind, size: item.size }, actor: { kind: 'customer' }, at: item.createdAt },
        ];
        await this.caseHistory.append(complaintId, events);
        // What the change owes, written with it: the Slack card's thread gets the file (at least once, by the outbox).
        const complaint = await this.complaints.get(complaintId);
        await this.outbox.enqueue(this.policies.messagesFor({ before: complaint, after: complaint, events }));
        return { status: 'stored', evidenceId: id, kind: item.kind, fileName: item.fileName, size: item.size };
      });
    } catch (error) {
      await this.storage.delete(item.storageKey);
      throw error;
    } finally {
      this.outbox.committed();
    }
    if (outcome.status !== 'stored') await this.storage.delete(item.storageKey);
    return outcome;
  }

  /** The refusal a file's bytes earn, or what they were found to be. */
  private async check(bytes: Buffer): Promise<Refusal | DetectedType> {
    if (bytes.length === 0) return { status: 'refused', reason: 'empty', limit: null };
    const { maxFileBytes } = this.limits();
    if (bytes.length > maxFileBytes) return { status: 'refused', reason: 'too_large', limit: maxFileBytes };
    return (await detectEvidenceType(bytes)) ?? { status: 'refused', reason: 'unsupported_type', limit: null };
  }

  /** `duplicate` for a delivery stored before, `too_many` for a full complaint, nothing when the file may go in. */
  private async placeFor(complaintId: string, sourceKey: string): Promise<EvidenceOutcome | undefined> {
    if (!(await this.evidence.holdComplaint(complaintId))) throw new Error(`No complaint ${complaintId} to add evidence to`);
    const existing = await this.evidence.idBySource(complaintId, sourceKey);
    if (existing) return { status: 'duplicate', evidenceId: existing };
    const { maxFilesPerComplaint } = this.limits();
    if ((await this.evidence.countFor(complaintId)) >= maxFilesPerComplaint) return { status: 'refused', reason: 'too_many', limit: maxFilesPerComplaint };
    return undefined;
  }
}
