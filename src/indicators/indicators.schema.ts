import type { SchemaPart } from '../database/schema.js';
import { IndicatorIndexes1764800000001 } from './migrations/1764800000001-indicator-indexes.js';

/** The indicators own no table: only the indexes their aggregates need on the core's. */
export const INDICATORS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [IndicatorIndexes1764800000001],
};
