import type { Clock } from '../src/complaints/clock.js';
import type { CustomerDesk } from '../src/complaints/customer-desk/customer-desk.js';
import type { Session } from './session.js';

/** What every dialog is built with. */
export interface DialogDeps {
  desk: CustomerDesk;
  clock: Clock;
  session: Session;
}

/**
 * Where the conversation goes when a dialog ends: the menu (greeting first after "start again"), or straight to
 * one of the menu's choices.
 */
export type Next =
  | { step: 'menu'; greet?: boolean; ask?: 'first' | 'again' | 'afterHandOffNoCase' }
  | { step: 'file' }
  | { step: 'check' }
  | { step: 'person' }
  | { step: 'help' };
