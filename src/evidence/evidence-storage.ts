/**
 * Where evidence files are kept: a folder under DATA_DIR, or an S3-compatible bucket. Keys are Redress's own
 * (`<reference>/<uuid>`), never a customer's file name. Nothing here is served publicly; staff reach a file only
 * through the staff API.
 */
export interface EvidenceStorage {
  /** Where files go, for the start-up log; never a credential. */
  describe(): string;
  put(key: string, bytes: Buffer): Promise<void>;
  /** The file's bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the file; a key with nothing stored under it is not an error (erasure may run twice). */
  delete(key: string): Promise<void>;
  /** Every file stored, with when it was last written; the orphan sweep compares these with the rows. */
  list(): AsyncIterable<StoredEvidence>;
}

export interface StoredEvidence {
  key: string;
  modifiedAt: Date;
}

export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

/** Keys are `<reference>/<uuid>`: nothing a customer chose, so no path can leave the store. */
export const STORAGE_KEY = /^[0-9A-Z-]{1,20}\/[0-9a-f-]{36}$/;
