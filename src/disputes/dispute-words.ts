import type { TFunction } from 'i18next';
import { loadCatalogue } from '../notifications/catalogue.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';
import type { DisputeOption } from './domain/dispute-options.js';
import { INTERNAL_REVIEW } from './domain/dispute.js';

/** The keys of messages about a dispute: `dispute.offered`, `dispute.referred`… (see ./messages/en.json). */
export const DISPUTE_KEY_PREFIX = 'dispute.';

/**
 * The version of the explanation and consent questions customers are shown; recorded with every answer, so that the
 * history says what the customer agreed to. Change it whenever those words change in meaning.
 */
export const DISPUTE_WORDING_VERSION = 'dispute-options-2026-12';

export interface DisputeWordSettings {
  timeZone: string;
  locale: string;
  /** The options in each language, by option id. */
  options: (language: string) => DisputeOption[];
  /** The code of conduct's contact routes in words, for a channel whose replies do not reach the dialogs. */
  contactRoutes?: string;
}

const translate = loadCatalogue(new URL('./messages/', import.meta.url));

/** A date with its year, in the organisation's time zone: "Sunday 28 February 2027". */
export function lastDayInWords(iso: string, language: string, settings: { locale: string; timeZone: string }): string {
  const locale = settings.locale.startsWith(language) ? settings.locale : language;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: settings.timeZone }).format(
    new Date(iso),
  );
}

/**
 * Each option in plain words: who, that they are independent (or that a review is not), what it costs, whether the
 * result binds, how long it takes, and the last day to refer. One paragraph an option, numbered when there are several.
 */
export function explainOptions(options: readonly DisputeOption[], deadline: string | null, language: string, settings: DisputeWordSettings): string {
  const t = translate(language);
  const written = t('language_code');
  const lines = options.map((option, index) => {
    const words = option.id === INTERNAL_REVIEW ? t('option_review') : optionWords(option, deadline, written, settings, t);
    return options.length > 1 ? `${index + 1}. ${words}` : words;
  });
  const intro = options.some((option) => option.id === INTERNAL_REVIEW) ? t('intro_review') : t('intro_one');
  return [intro, ...lines].join('\n');
}

function optionWords(option: DisputeOption, deadline: string | null, language: string, settings: DisputeWordSettings, t: TFunction): string {
  const lastDay = option.referralWindow && deadline ? t('last_day', { date: lastDayInWords(deadline, language, settings) }) : t('any_time');
  return t('option', {
    name: option.name,
    independence: option.independence ?? '',
    cost: option.cost ?? '',
    binds: t(`binds_${option.outcomeBinds}`),
    duration: option.typicalDuration ?? '',
    lastDay,
  }).replace(/\s+/g, ' ');
}

/** The name customers read for an option: the provider's, or "a supervisor in our team". */
export function optionName(providerId: string | null, language: string, settings: DisputeWordSettings): string {
  if (!providerId || providerId === INTERNAL_REVIEW) return translate(language)('review_name');
  return settings.options(language).find((option) => option.id === providerId)?.name ?? providerId;
}

/**
 * Messages about a dispute in words, at send time. The outbox keeps the step and what fills it in (the provider's id
 * and reference, the deadline and remedy dates as instants); the words and dates are written here in the customer's
 * language.
 */
export function disputeTexts(settings: DisputeWordSettings): MessageFamily {
  return (key, variables, language, medium, reach) => {
    const step = key.slice(DISPUTE_KEY_PREFIX.length);
    const t = translate(language);
    // "reply OPTIONS" is answered by the dialogs, which email does not run: there the routes are given instead
    const context = medium === 'email' || !reach.repliesReachUs ? 'elsewhere' : undefined;
    const routes = settings.contactRoutes ?? '';
    const written = t('language_code');
    const reference = variables.reference ?? '';
    const provider = optionName(variables.providerId ?? null, written, settings);
    const date = (iso: string | null | undefined) => (iso ? lastDayInWords(iso, written, settings) : '');
    let text: string;
    switch (step) {
      case 'offered':
        text = t('offered', {
          reference,
          options: explainOptions(settings.options(written), variables.referralDeadline ?? null, written, settings),
          howTo: t('how_to_choose', { context, routes }),
        });
        break;
      case 'referred':
        text = t(variables.providerId === INTERNAL_REVIEW ? 'referred_review' : 'referred', { reference, provider });
        break;
      case 'outcome_recorded': {
        const remedy = variables.remedyDueAt ? t('remedy_due', { remedyText: variables.remedy ?? '', date: date(variables.remedyDueAt) }) : '';
        text = t(`outcome_${variables.outcome ?? 'settled'}`, { reference, provider, remedy });
        break;
      }
      case 'reminder':
        text = t('reminder', { reference, provider, date: date(variables.referralDeadline), context, routes });
        break;
      default:
        if (t(step, { defaultValue: '' }) === '') return undefined;
        text = t(step, { reference, provider, providerReference: variables.providerReference ?? '', context, routes });
    }
    return { text: capitalise(text.trim()), language: written };
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
