import type { Clock } from '../src/complaints/clock.js';
import type { CustomerDesk, PendingItem } from '../src/complaints/customer-desk/customer-desk.js';
import type { SurveyDesk, WaitingSurvey } from '../src/satisfaction/survey-desk.js';
import type { DisputeDesk } from '../src/disputes/dispute-desk.js';
import type { EvidenceIntake } from './evidence-files.js';
import type { Session } from './session.js';

/** What every dialog is built with. */
export interface DialogDeps {
  desk: CustomerDesk;
  clock: Clock;
  session: Session;
  /** Absent, or not offered, where the organisation runs no satisfaction survey: nobody is asked to take one. */
  surveys?: SurveyDesk;
  /** Absent where nothing offers dispute options: asking to escalate then puts the customer in touch with a person. */
  disputes?: DisputeDesk;
  /** Absent where files from customers are not kept: nobody is asked for one, and one sent is not kept. */
  evidence?: EvidenceIntake;
}

/**
 * Where the conversation goes when a dialog ends: the menu (greeting first after "start again"), straight to one of
 * the menu's choices, to the customer's reply about something that waits for them, or to rest: nothing is asked, and
 * the next message starts afresh.
 */
export type Next =
  | { step: 'menu'; greet?: boolean; ask?: 'first' | 'again' | 'afterHandOffNoCase' }
  | { step: 'file' }
  | { step: 'check'; reference?: string }
  | { step: 'person'; about?: 'escalate' }
  | { step: 'reopen' }
  | { step: 'withdraw' }
  | { step: 'help' }
  | { step: 'followUp'; pending: PendingItem }
  /** The satisfaction survey waiting in this conversation; `said` is a reply to its first question, already asked. */
  | { step: 'survey'; survey: WaitingSurvey; said?: string }
  | { step: 'dispute'; reference?: string; about: 'escalate' | 'options' | 'rejected' }
  | { step: 'rest' }
  /** The optional photo or document after a complaint is made. */
  | { step: 'evidence'; reference: string };
