import { FINAL_RESPONSE_INDICATOR, type Complaint } from '../complaints/domain/complaint.js';
import { loadCatalogue } from '../notifications/catalogue.js';
import { customerDate } from '../notifications/customer-date.js';
import { isAhead } from '../notifications/status-updates/status-update-texts.js';
import { messagePayload, type Variables } from '../notifications/rendering/message-payload.js';
import type { MessageFamily } from '../notifications/rendering/message-renderer.js';

/** The keys of what the deadline watch tells customers: `deadline.progress_update`, `deadline.holding_response`. */
export const DEADLINE_KEY_PREFIX = 'deadline.';

/** A customer who has heard nothing for the promised interval is told how it is going, and by when they will hear. */
export function progressUpdatePayload(complaint: Complaint): Record<string, unknown> {
  const final = complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR && d.settledAt === null);
  return messagePayload(`${DEADLINE_KEY_PREFIX}progress_update`, { reference: complaint.reference, dueAt: final?.dueAt ?? null }, complaint.language);
}

/**
 * A holding or delay response, as staff gave it: why there is no final response yet, when it is expected, and where
 * the customer can go now (FCA DISP 1.6.2R(2): the ombudsman's name and website; ASIC RG 271: AFCA and its contact
 * details; the CFPB as what it is). `referral` comes from the code of conduct (see referralVariables).
 */
export function holdingResponsePayload(
  complaint: Pick<Complaint, 'reference' | 'language'>,
  response: { reasons: string; expectedBy: string },
  referral: Variables,
): Record<string, unknown> {
  return messagePayload(
    `${DEADLINE_KEY_PREFIX}holding_response`,
    { ...referral, reference: complaint.reference, reasons: response.reasons, expectedBy: response.expectedBy },
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
        const date = variables.expectedBy ? customerDate(variables.expectedBy, written, organisation, now) : t('no_date');
        const template = variables.template;
        const referral =
          variables.provider && template && template !== 'plain'
            ? t(`holding_response_referral_${template}`, { provider: variables.provider, website: variables.website ?? '', contact: variables.contact ?? '' })
            : '';
        const text = [t('holding_response', { reference, reasons: variables.reasons ?? '', date }), referral].filter(Boolean).join('\n');
        return { text, language: written };
      }
      default:
        return undefined;
    }
  };
}
