import type { CodeOfConduct } from './code-of-conduct.schema.js';

/** What staff put into a response, and so what a code of conduct can require of it before it goes out. */
export const RESPONSE_ELEMENTS = ['outcome', 'explanation', 'reasons', 'expectedBy', 'waiveTimeLimits'] as const;
export type ResponseElement = (typeof RESPONSE_ELEMENTS)[number];

/** The responses whose content a regulator prescribes. */
export const RESPONSE_KINDS = ['finalResponse', 'summaryResolution', 'holdingResponse'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/**
 * Wordings the texts know, one per regulator: `fca` (DISP 1.6.2R, DISP 1.5.4R, DISP 1 Annex 3R), `asic` (RG 271),
 * `cfpb` (what the CFPB really does) and `plain` (no ombudsman named).
 */
export const RESPONSE_TEMPLATES = ['fca', 'asic', 'cfpb', 'plain'] as const;
export type ResponseTemplate = (typeof RESPONSE_TEMPLATES)[number];

/** Why each element is asked for, as the refusal names it. */
const WHY: Record<ResponseElement, string> = {
  outcome: 'is required: the response must say what we decided',
  explanation: 'is required: the response must give the reasons for the decision',
  reasons: 'is required: the response must explain why there is no final response yet',
  expectedBy: 'is required: the response must say when the final response is expected',
  waiveTimeLimits: 'is required: the response must say whether we consent to waive the ombudsman’s time limits',
};

export interface MissingElement {
  field: ResponseElement;
  message: string;
}

/**
 * The elements the code of conduct requires of a response of `kind` that `given` lacks: empty when it may go out.
 * Text counts as given when it has more than white space; `waiveTimeLimits` when it is true or false.
 */
export function missingElements(
  code: Pick<CodeOfConduct, 'responses'>,
  kind: ResponseKind,
  given: Partial<Record<ResponseElement, unknown>>,
): MissingElement[] {
  const required = code.responses[kind]?.requires ?? [];
  return required
    .filter((element) => {
      const value = given[element];
      if (element === 'waiveTimeLimits') return typeof value !== 'boolean';
      return typeof value !== 'string' || value.trim() === '';
    })
    .map((field) => ({ field, message: WHY[field] }));
}
