import { loadCatalogue } from '../notifications/catalogue.js';
import { messagePayload, type Variables } from '../notifications/rendering/message-payload.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';
import { answerBy } from './survey-page/answer-by.js';
import { surveyStopUrl } from './survey-page/survey-link.js';

/** The keys of what the survey schedule sends customers: `survey.invitation`, `survey.reminder`, `survey.consent_request`. */
export const SURVEY_KEY_PREFIX = 'survey.';

export type SurveyMessage = 'invitation' | 'reminder' | 'consent_request';

/**
 * Signed by the organisation: the survey asks about the handling, so it does not come from the handler. `page` holds
 * the link to the survey page and when it stops working, for a customer who answers there (see survey-page/).
 */
export function surveyPayload(message: SurveyMessage, reference: string, organisation: string, language: string, page: Variables = {}): Record<string, unknown> {
  // beside the message, as a channel's own field: where the customer stops surveys (an email's List-Unsubscribe)
  const extra = page.link ? { unsubscribeUrl: surveyStopUrl(page.link) } : {};
  return messagePayload(`${SURVEY_KEY_PREFIX}${message}`, { ...page, reference, organisation }, language, extra);
}

/**
 * The survey's messages in words, at send time, in the customer's language (see ./messages). A message with a link
 * sends the customer to the survey page, with the time and date it works until on the customers' clock.
 */
export function surveyTexts(clock: { locale: string; timeZone: () => string; now: () => Date }): MessageFamily {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));
  return (key, variables, language) => {
    const t = translate(language);
    const message = key.slice(SURVEY_KEY_PREFIX.length);
    if (message !== 'invitation' && message !== 'reminder' && message !== 'consent_request') return undefined;
    const written = t('language_code');
    const common = { reference: variables.reference ?? '', organisation: variables.organisation ?? '' };
    if (variables.link && variables.expiresAt) {
      const until = answerBy(variables.expiresAt, written, { locale: clock.locale, timeZone: clock.timeZone() }, clock.now());
      return { text: t(`${message}_page`, { ...common, link: variables.link, ...until }), language: written };
    }
    return { text: t(message, common), language: written };
  };
}
