import type { SchemaPart } from '../database/schema.js';
import { SatisfactionSurveys1764700000001 } from './migrations/1764700000001-satisfaction-surveys.js';
import { SatisfactionResponses1764700000002 } from './migrations/1764700000002-satisfaction-responses.js';
import { SatisfactionSurveyReturned1765000000001 } from './migrations/1765000000001-satisfaction-survey-returned.js';
import { SatisfactionSurveyLinks1765100000001 } from './migrations/1765100000001-satisfaction-survey-links.js';
import { SatisfactionOptOuts1765100000002 } from './migrations/1765100000002-satisfaction-opt-outs.js';
import { SurveyOptOutRecord } from './survey-page/survey-opt-out.entity.js';
import { SurveyLinkRecord } from './survey-page/survey-link.entity.js';
import { SurveyRecord } from './survey.entity.js';
import { SurveyResponseRecord } from './survey-response.entity.js';

/** The satisfaction survey's tables. */
export const SATISFACTION_SCHEMA: SchemaPart = {
  entities: [SurveyRecord, SurveyResponseRecord, SurveyLinkRecord, SurveyOptOutRecord],
  migrations: [
    SatisfactionSurveys1764700000001,
    SatisfactionResponses1764700000002,
    SatisfactionSurveyReturned1765000000001,
    SatisfactionSurveyLinks1765100000001,
    SatisfactionOptOuts1765100000002,
  ],
};
