import type { TFunction } from 'i18next';
import { customerAddress } from '../../complaints/customer-address.js';
import { FINAL_RESPONSE_INDICATOR, type Complaint } from '../../complaints/domain/complaint.js';
import type { CaseChange, OutboxPolicy } from '../outbox-policies.js';

import { loadCatalogue } from '../catalogue.js';
import { customerDate } from '../customer-date.js';

/** The stages a customer is told about when staff (or the scheduler) move the case. */
const TOLD: Record<string, string> = {
  'complaint.acknowledged': 'acknowledged',
  'complaint.assessed': 'assessed',
  'complaint.information_requested': 'awaiting_customer',
  'complaint.response_proposed': 'response_proposed',
  'complaint.response_accepted': 'resolved',
  'complaint.marked_unresolved': 'unresolved',
  'complaint.closed': 'closed',
  'complaint.reopened': 'reopened',
  'complaint.withdrawn': 'withdrawn',
};

export interface StatusUpdateSettings {
  timeZone: string;
  /** The organisation's own locale (`en-GB`): dates for customers who speak its language follow its conventions. */
  locale: string;
  reopenWindowDays: number;
  /** Who deals with complaints, after "our": the code of conduct's `complaintsTeam`; a plain default otherwise. */
  team?: string;
  /** First names customers are told, by staff id; someone without one is spoken of as the team. */
  firstNames?: Readonly<Record<string, string>>;
}

/**
 * ISO 10002 asks that the complainant be told where the complaint stands: each stage change made by staff or the
 * scheduler owes the customer one short message on their own channel, in their language. Changes the customer made
 * in a conversation are answered there by the dialog. The acknowledgement (also of a complaint keyed in and
 * acknowledged at once) says who is dealing with it, as the code of conduct promises; a later change of who, when
 * that person has a first name to give, is news too.
 */
export function statusUpdatesPolicy(settings: StatusUpdateSettings): OutboxPolicy {
  const translate = loadCatalogue(new URL('./messages/', import.meta.url));

  return (change: CaseChange) => {
    const { after, events } = change;
    const acknowledgedNow = events.some((event) => event.type === 'complaint.acknowledged');
    return events
      .filter((event) => event.actor.kind !== 'customer')
      .flatMap((event) => {
        const stage = event.type === 'complaint.assigned' ? assignmentNews(after, acknowledgedNow, settings) : TOLD[event.type];
        if (!stage) return [];
        const t = translate(after.language);
        const language = t('language_code');
        // staff's words stand on lines of their own; one left empty (no explanation) leaves no gap
        const text = t(messageKey(stage, settings), details(after, event.at, language, settings, t))
          .split('\n')
          .filter((line) => line.trim() !== '')
          .join('\n');
        const { channel, address } = customerAddress(after);
        return {
          reference: after.reference,
          channel,
          kind: 'status_update',
          recipient: { address },
          payload: { text, language, status: after.status },
        };
      });
  };
}

function messageKey(stage: string, settings: StatusUpdateSettings): string {
  return stage === 'closed' && settings.reopenWindowDays === 0 ? 'closed_no_reopen' : stage;
}

/** A new person has the case: worth a message only when it is not the acknowledgement, and we can name them. */
function assignmentNews(complaint: Complaint, acknowledgedNow: boolean, settings: StatusUpdateSettings): string | undefined {
  if (acknowledgedNow || complaint.status === 'received' || !complaint.assigneeId) return undefined;
  return settings.firstNames?.[complaint.assigneeId] ? 'assigned' : undefined;
}

function details(complaint: Complaint, at: string, language: string, settings: StatusUpdateSettings, t: TFunction) {
  const format = (iso: string) => customerDate(iso, language, settings);
  const final = complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR && d.settledAt === null);
  const team = settings.team ?? t('team_default');
  const name = complaint.assigneeId ? settings.firstNames?.[complaint.assigneeId] : undefined;
  return {
    team,
    name: name ?? '',
    who: name ? t('who_person', { name, team }) : t('who_team', { team }),
    reference: complaint.reference,
    date: final ? format(final.dueAt) : t('no_date'),
    question: complaint.openQuestion ?? '',
    outcome: complaint.proposedResponse?.outcome ?? '',
    explanation: complaint.proposedResponse?.explanation ?? '',
    reopenUntil: format(new Date(Date.parse(at) + settings.reopenWindowDays * 86_400_000).toISOString()),
  };
}
