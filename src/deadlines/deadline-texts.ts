import { FINAL_RESPONSE_INDICATOR, type Complaint } from '../complaints/domain/complaint.js';
import { loadCatalogue } from '../notifications/catalogue.js';
import { customerDate } from '../notifications/customer-date.js';
import { messagePayload } from '../notifications/rendering/message-payload.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';

/** The keys of what the deadline watch tells customers: `deadline.progress_update`, `deadline.holding_response`. */
export const DEADLINE_KEY_PREFIX = 'deadline.';

/** A customer who has heard nothing for the promised interval is told how it is going, and by when they will hear. */
export function progressUpdatePayload(complaint: Complaint): Record<string, unknown> {
  const final = complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR && d.settledAt === null);
  return messagePayload(`${DEADLINE_KEY_PREFIX}progress_update`, { reference: complaint.reference, dueAt: final?.dueAt ?? null }, complaint.language);
}

/** The holding response names where the customer can go now, such as the Financial Ombudsman Service. */
export function holdingResponsePayload(
  complaint: Complaint,
  provider: { name: string; website?: string; phone?: string } | undefined,
): Record<string, unknown> {
  const contact = provider ? [provider.website, provider.phone].filter(Boolean).join(', ') : null;
  return messagePayload(
    `${DEADLINE_KEY_PREFIX}holding_response`,
    { reference: complaint.reference, provider: provider?.name ?? null, contact },
    complaint.language,
  );
}

/** The deadline watch's messages in words, at send time: dates in the customer's language (see ./messages). */
export function deadlineTexts(organisation: { timeZone: string; locale: string }): MessageFamily {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));
  return (key, variables, language) => {
    const t = translate(language);
    const written = t('language_code');
    const reference = variables.reference ?? '';
    switch (key.slice(DEADLINE_KEY_PREFIX.length)) {
      case 'progress_update': {
        const date = variables.dueAt ? customerDate(variables.dueAt, written, organisation) : t('no_date');
        return { text: t('progress_update', { reference, date }), language: written };
      }
      case 'holding_response': {
        const referral = variables.provider
          ? ` ${t('holding_response_referral', { provider: variables.provider, contact: variables.contact ?? '' })}`
          : '';
        return { text: `${t('holding_response', { reference })}${referral}`.trim(), language: written };
      }
      default:
        return undefined;
    }
  };
}
