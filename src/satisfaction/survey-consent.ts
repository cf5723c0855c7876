/** Where the customer was asked "may we ask you afterwards how we did?". */
export type ConsentAskedAt = 'intake' | 'closure' | 'survey';

/**
 * What the dialogs need of satisfaction surveys (ISO 10004): whether the organisation runs them at all, and a way to
 * record the customer's yes or no in the case history.
 */
export interface SurveyConsentDesk {
  /** False without a `satisfactionSurvey` section in the code of conduct: nobody is asked then. */
  offered(): boolean;
  recordConsent(reference: string, consent: boolean, askedAt: ConsentAskedAt): Promise<void>;
}

export const SURVEY_CONSENT = Symbol('SURVEY_CONSENT');
