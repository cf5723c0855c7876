import { Inject, Injectable } from '@nestjs/common';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { EvidenceRepository } from './evidence.repository.js';

/** A stored file, as a channel that shows it to staff (Slack's case thread) needs it. */
export interface EvidenceFileContent {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

/** Reads stored files for delivery to staff; the delivery's own record of it is the caller's. */
@Injectable()
export class EvidenceFiles {
  constructor(
    private readonly evidence: EvidenceRepository,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  /** Undefined once the file is gone (the customer's data was erased). */
  async read(reference: string, evidenceId: string): Promise<EvidenceFileContent | undefined> {
    const item = await this.evidence.find(reference, evidenceId);
    if (!item) return undefined;
    const bytes = await this.storage.get(item.storageKey);
    return bytes ? { fileName: item.fileName, mediaType: item.mediaType, bytes } : undefined;
  }
}
