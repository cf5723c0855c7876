import { DateTime, Duration } from 'luxon';
import type { CodeOfConduct, DisputeMethod, DisputeProvider, OutcomeBinds } from '../../conduct/code-of-conduct.schema.js';
import { INTERNAL_REVIEW } from './dispute.js';

/** One option the customer is offered, in the words of their language where the code of conduct has them. */
export interface DisputeOption {
  id: string;
  name: string;
  /** False only for the internal review, which the customer must be told is not independent. */
  independent: boolean;
  method: DisputeMethod;
  outcomeBinds: OutcomeBinds;
  cost: string | null;
  typicalDuration: string | null;
  referralWindow: string | null;
  eligibility: string | null;
  independence: string | null;
  accessibility: string | null;
  website: string | null;
  phone: string | null;
}

/**
 * What Redress may offer: the providers the code of conduct configures, in its order, or, when it configures none, a
 * review by a supervisor, named as what it is. Nothing else is ever offered.
 */
export function disputeOptions(code: CodeOfConduct, language = 'en'): DisputeOption[] {
  const providers = code.externalDisputeResolution?.providers ?? [];
  if (providers.length === 0) {
    return [
      {
        id: INTERNAL_REVIEW,
        name: INTERNAL_REVIEW,
        independent: false,
        method: 'advisory',
        outcomeBinds: 'organisation',
        cost: null,
        typicalDuration: null,
        referralWindow: null,
        eligibility: null,
        independence: null,
        accessibility: null,
        website: null,
        phone: null,
      },
    ];
  }
  return providers.map((provider) => optionOf(provider, language));
}

function optionOf(provider: DisputeProvider, language: string): DisputeOption {
  const words = provider.translations?.[language.slice(0, 2).toLowerCase()] ?? {};
  return {
    id: provider.id,
    name: provider.name,
    independent: true,
    method: provider.method,
    outcomeBinds: provider.outcomeBinds,
    cost: words.cost ?? provider.cost,
    typicalDuration: words.typicalDuration ?? provider.typicalDuration,
    referralWindow: provider.referralWindow,
    eligibility: words.eligibility ?? provider.eligibility ?? null,
    independence: words.independence ?? provider.independence,
    accessibility: words.accessibility ?? provider.accessibility ?? null,
    website: provider.website ?? null,
    phone: provider.phone ?? null,
  };
}

/**
 * The last moment to refer to the first option that has a window, counted from the final response in the
 * organisation's time zone (six months from 31 August is 28 February): null when no option limits it.
 */
export function referralDeadline(options: readonly DisputeOption[], finalResponseAt: Date, timeZone: string): string | null {
  const windows = options.map((option) => option.referralWindow).filter((window): window is string => window !== null);
  if (windows.length === 0) return null;
  const start = DateTime.fromJSDate(finalResponseAt, { zone: timeZone });
  const ends = windows.map((window) => start.plus(Duration.fromISO(window)));
  const earliest = ends.reduce((a, b) => (a < b ? a : b));
  return earliest.toUTC().toISO({ suppressMilliseconds: false }) as string;
}
