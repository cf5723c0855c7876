import type { Next } from './dialog-deps.js';
import type { Intent } from './intents.js';

/**
 * Where a request in the customer's own words leads. Escalating has no dialog of its own yet: a person can do it, so
 * the customer is put in touch with one, told why.
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
      return { step: 'reopen' };
    case 'withdraw':
      return { step: 'withdraw' };
    case 'escalate':
      return { step: 'person', about: intent.kind };
  }
}
