import type { TFunction } from 'i18next';
import { loadCatalogue } from '../catalogue.js';
import { customerDate } from '../customer-date.js';
import type { MessageFamily } from '../rendering/message-renderer.js';
import { referralParagraph } from './referral-rights.js';

/** The keys of status updates: `status.acknowledged`, `status.closed`… (see ./messages/en.json). */
export const STATUS_KEY_PREFIX = 'status.';

export interface StatusUpdateTextSettings {
  timeZone: string;
  /** The organisation's own locale (`en-GB`): dates for customers who speak its language follow its conventions. */
  locale: string;
  /** Who deals with complaints, after "our": the code of conduct's `complaintsTeam`; a plain default otherwise. */
  team?: string;
  /** The code of conduct's contact routes, in words: where to answer when a reply to the message would reach no one. */
  contactRoutes?: string;
  /** What time it is when a message is put into words (the injected clock); the real time if not given. */
  now?: () => Date;
}

/** Stages whose message promises an answer by the final response date; they say "as soon as we can" once it has passed. */
const DATED = new Set(['acknowledged', 'assessed', 'reopened']);

/**
 * Status updates in words, at send time. The outbox keeps what they are made of (the reference, the first name of who
 * has the case, the promised date as an instant, staff's question or proposal); dates are written here, in the
 * customer's language, and a line left empty (no explanation) leaves no gap. The same words go by every medium: the
 * SMS notifier cuts them into segments, the email notifier puts a subject and HTML around them.
 */
export function statusUpdateTexts(settings: StatusUpdateTextSettings): MessageFamily {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));
  return (key, variables, language, _medium, reach) => {
    const stage = key.slice(STATUS_KEY_PREFIX.length);
    const t = translate(language);
    if (t(stage, { defaultValue: '' }) === '') return undefined;
    const written = t('language_code');
    const now = settings.now?.() ?? new Date();
    // a message that asks for an answer says how to give it: by reply, or by the routes when replies reach no one;
    // one that would promise a date already gone (or none) promises no date
    const undated = DATED.has(stage) && !isAhead(variables.dueAt, now);
    const context = undated ? 'nodate' : reach.repliesReachUs ? undefined : 'elsewhere';
    // a final response or summary resolution ends with where the customer can go next, as its regulator words it
    const referral = stage === 'response_proposed' || stage === 'summary_resolution' ? referralParagraph(t, variables) : '';
    const text = [t(stage, { ...words(variables, written, settings, t, now), context }), referral]
      .join('\n')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .join('\n');
    return { text, language: written };
  };
}

/** Whether an instant is still to come: a date that has passed is never promised to a customer. */
export function isAhead(iso: string | null | undefined, now: Date): iso is string {
  return typeof iso === 'string' && Date.parse(iso) > now.getTime();
}

function words(variables: Record<string, string | null>, language: string, settings: StatusUpdateTextSettings, t: TFunction, now: Date) {
  const format = (iso: string | null | undefined) => (iso ? customerDate(iso, language, settings, now) : t('no_date'));
  const team = settings.team ?? t('team_default');
  const name = variables.name ?? '';
  return {
    team,
    name,
    who: name ? t('who_person', { name, team }) : t('who_team', { team }),
    reference: variables.reference ?? '',
    date: format(variables.dueAt),
    question: variables.question ?? '',
    outcome: variables.outcome ?? '',
    explanation: variables.explanation ?? '',
    reopenUntil: format(variables.reopenUntil),
    routes: settings.contactRoutes ?? '',
    provider: variables.provider ?? '',
  };
}
