import type { SchemaPart } from '../database/schema.js';
import { DisputeRecord } from './dispute.entity.js';
import { Disputes1764600000001 } from './migrations/1764600000001-disputes.js';

/** The tables of ISO 10003 dispute resolution. */
export const DISPUTES_SCHEMA: SchemaPart = {
  entities: [DisputeRecord],
  migrations: [Disputes1764600000001],
};
