import type { Next } from './dialog-deps.js';
import type { Intent } from './intents.js';

/**
 * Where a request in the customer's own words leads. Reopening, withdrawing and escalating have no dialog of their
 * own yet: a person can do each of them, so the customer is put in touch with one, told why.
 */
export function nextForIntent(intent: Intent): Next {
  switch (intent.kind) {
    case 'complain':
      return { step: 'file' };
    case 'check':
      return intent.reference ? { step: 'check', reference: intent.reference } : { step: 'check' };
    case 'person':
      return { step: 'person' };
    case 'reopen':
    case 'withdraw':
    case 'escalate':
      return { step: 'person', about: intent.kind };
  }
}
