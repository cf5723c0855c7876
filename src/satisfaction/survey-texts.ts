import { loadCatalogue } from '../notifications/catalogue.js';
import { messagePayload } from '../notifications/rendering/message-payload.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';

/** The keys of what the survey schedule sends customers: `survey.invitation`, `survey.reminder`, `survey.consent_request`. */
export const SURVEY_KEY_PREFIX = 'survey.';

export type SurveyMessage = 'invitation' | 'reminder' | 'consent_request';

/** Signed by the organisation: the survey asks about the handling, so it does not come from the handler. */
export function surveyPayload(message: SurveyMessage, reference: string, organisation: string, language: string): Record<string, unknown> {
  return messagePayload(`${SURVEY_KEY_PREFIX}${message}`, { reference, organisation }, language);
}

/** The survey's messages in words, at send time, in the customer's language (see ./messages). */
export function surveyTexts(): MessageFamily {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));
  return (key, variables, language) => {
    const t = translate(language);
    const message = key.slice(SURVEY_KEY_PREFIX.length);
    if (message !== 'invitation' && message !== 'reminder' && message !== 'consent_request') return undefined;
    return { text: t(message, { reference: variables.reference ?? '', organisation: variables.organisation ?? '' }), language: t('language_code') };
  };
}
