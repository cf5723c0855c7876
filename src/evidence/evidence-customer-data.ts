import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerDataRegistry, type CustomerDataSource, type DataSubject } from '../privacy/customer-data.js';
import { EVIDENCE_STORAGE, type EvidenceStorage } from './evidence-storage.js';
import { EvidenceRepository } from './evidence.repository.js';

/**
 * The files customers sent with their complaints. An export hands them over whole (base64); an erasure, and the
 * anonymisation of a case past its retention, deletes each file from the disk or bucket and then its row.
 */
@Injectable()
export class EvidenceCustomerData implements CustomerDataSource, OnModuleInit {
  readonly name = 'evidence';

  constructor(
    private readonly evidence: EvidenceRepository,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    private readonly registry: CustomerDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const files = [];
    for (const item of await this.evidence.listForAll(subject.references)) {
      const bytes = await this.storage.get(item.storageKey);
      const { id, complaintReference, origin, kind, mediaType, fileName, size, sha256, createdAt } = item;
      files.push({ id, reference: complaintReference, origin, kind, mediaType, fileName, size, sha256, createdAt, contentBase64: bytes?.toString('base64') ?? null });
    }
    return { files };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const items = await this.evidence.listForAll(subject.references);
    // The files before their rows: should a deletion fail, the rows still say what is left to erase when it is run again.
    for (const item of items) await this.storage.delete(item.storageKey);
    return { evidenceFiles: await this.evidence.delete(items.map((item) => item.id)) };
  }

  async sweep(): Promise<Record<string, number>> {
    // Files live and go with their complaint: the sweep's anonymisation of a closed case erases them (erase above).
    return {};
  }
}
