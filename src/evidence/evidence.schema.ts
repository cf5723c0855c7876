import type { SchemaPart } from '../database/schema.js';
import { EvidenceRecord } from './evidence.entity.js';
import { Evidence1766200000001 } from './migrations/1766200000001-evidence.js';

/** The table of evidence files' particulars (the files themselves are in the evidence storage). */
export const EVIDENCE_SCHEMA: SchemaPart = {
  entities: [EvidenceRecord],
  migrations: [Evidence1766200000001],
};
