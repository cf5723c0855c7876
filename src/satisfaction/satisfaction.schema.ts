import type { SchemaPart } from '../database/schema.js';
import { SatisfactionSurveys1764700000001 } from './migrations/1764700000001-satisfaction-surveys.js';
import { SurveyRecord } from './survey.entity.js';

/** The satisfaction survey's tables. */
export const SATISFACTION_SCHEMA: SchemaPart = {
  entities: [SurveyRecord],
  migrations: [SatisfactionSurveys1764700000001],
};
