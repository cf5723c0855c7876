import type { EvidenceFile, EvidenceIntake, EvidenceOrigin, EvidenceOutcome } from '../evidence-files.js';

export interface KeptFile {
  complaintId: string;
  name?: string;
  origin: EvidenceOrigin;
  sourceKey: string;
  size: number;
}

/** An evidence store in memory that answers as the real one does: JPEG, PDF and text only, within its limits. */
export class FakeEvidence implements EvidenceIntake {
  readonly kept: KeptFile[] = [];

  constructor(
    private readonly maxFileBytes = 10 * 1024 * 1024,
    private readonly maxFilesPerComplaint = 5,
  ) {}

  limits() {
    return { maxFileBytes: this.maxFileBytes, maxFilesPerComplaint: this.maxFilesPerComplaint };
  }

  async remaining(complaintId: string): Promise<number> {
    return this.maxFilesPerComplaint - this.kept.filter((file) => file.complaintId === complaintId).length;
  }

  async add(complaintId: string, file: EvidenceFile, origin: EvidenceOrigin, sourceKey: string): Promise<EvidenceOutcome> {
    const before = this.kept.findIndex((kept) => kept.sourceKey === sourceKey);
    if (before >= 0) return { status: 'duplicate', evidenceId: `ev-${before}` };
    if (file.bytes.length === 0) return { status: 'refused', reason: 'empty', limit: null };
    if (file.bytes.length > this.maxFileBytes) return { status: 'refused', reason: 'too_large', limit: this.maxFileBytes };
    const kind = kindOf(file.bytes);
    if (!kind) return { status: 'refused', reason: 'unsupported_type', limit: null };
    if ((await this.remaining(complaintId)) <= 0) return { status: 'refused', reason: 'too_many', limit: this.maxFilesPerComplaint };
    this.kept.push({ complaintId, name: file.name, origin, sourceKey, size: file.bytes.length });
    return { status: 'stored', evidenceId: `ev-${this.kept.length - 1}`, kind, fileName: file.name ?? 'file', size: file.bytes.length };
  }
}

function kindOf(bytes: Buffer): 'image' | 'pdf' | 'text' | undefined {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (!bytes.includes(0)) return 'text';
  return undefined;
}
