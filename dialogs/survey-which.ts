import type { WaitingSurvey } from '../src/satisfaction/survey-desk.js';
import { readAnswer, readConsent } from '../src/satisfaction/survey-questions.js';

/** The satisfaction survey's questions (survey-dialog.ts). */
export const SURVEY_DIALOG = 'SURVEY_DIALOG';

/** Asks whether a message answers the satisfaction survey, when it came while another dialog was open. */
export const SURVEY_WHICH_DIALOG = 'SURVEY_WHICH_DIALOG';

export interface SurveyWhichOptions {
  survey: WaitingSurvey;
  /** The message that may be the survey's answer: its first question's, if the customer says so. */
  said: string;
}

/** The reply is, on its own, an answer to what the survey message asked: a yes or no to asking, else a score or "skip". */
export function answersFirstQuestion(survey: WaitingSurvey, text: string): boolean {
  return survey.askingConsent ? readConsent(text) !== 'misfit' : readAnswer('handling', text).kind !== 'misfit';
}
