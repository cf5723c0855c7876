import { FINAL_RESPONSE_INDICATOR, type Complaint } from '../complaints/domain/complaint.js';
import { loadCatalogue } from '../notifications/catalogue.js';
import { customerDate } from '../notifications/customer-date.js';
import { isAhead } from '../notifications/status-updates/status-update-texts.js';
import { messagePayload } from '../notifications/rendering/message-payload.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';

/** The keys of what the deadline watch tells customers: `deadline.progress_update`, `deadline.holding_response`. */
export const DEADLINE_KEY_PREFIX = 'deadline.';

/** A customer who has heard nothing for the promised interval is told how it is going, and by when they will hear. */
export function progressUpdatePayload(complaint: Complaint): Record<string, unknown> {
  const final = complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR && d.settledAt === null);
  return messagePayload(`${DEADLINE_KEY_PREFIX}progress_update`, { reference: complaint.reference, dueAt: final?.dueAt ?? null }, complaint.language);
}

/**
 * The holding response names where the customer can go now: an ombudsman that decides complaints, or a regulator
 * such as the CFPB, which takes complaints at any time and forwards them to the company but does not decide them.
 */
export function holdingResponsePayload(
  complaint: Complaint,
  provider: { name: string; kind?: string; website?: string; phone?: string } | undefined,
): Record<string, unknown> {
  const contact = provider ? [provider.website, provider.phone].filter(Boolean).join(', ') : null;
  return messagePayload(
    `${DEADLINE_KEY_PREFIX}holding_response`,
    { reference: complaint.reference, provider: provider?.name ?? null, providerKind: provider?.kind ?? null, contact },
    complaint.language,
  );
}

/** The deadline watch's messages in words, at send time: dates in the customer's language (see ./messages). */
export function deadlineTexts(organisation: { timeZone: string; locale: string; now?: () => Date }): MessageFamily {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));
  return (key, variables, language) => {
    const t = translate(language);
    const written = t('language_code');
    const reference = variables.reference ?? '';
    const now = organisation.now?.() ?? new Date();
    switch (key.slice(DEADLINE_KEY_PREFIX.length)) {
      case 'progress_update': {
        // a date that has passed is never promised again
        if (!isAhead(variables.dueAt, now)) return { text: t('progress_update_nodate', { reference }), language: written };
        return { text: t('progress_update', { reference, date: customerDate(variables.dueAt, written, organisation, now) }), language: written };
      }
      case 'holding_response': {
        const context = variables.providerKind === 'regulator' ? 'regulator' : undefined;
        const referral = variables.provider
          ? ` ${t('holding_response_referral', { provider: variables.provider, contact: variables.contact ?? '', context })}`
          : '';
        return { text: `${t('holding_response', { reference })}${referral}`.trim(), language: written };
      }
      default:
        return undefined;
    }
  };
}
