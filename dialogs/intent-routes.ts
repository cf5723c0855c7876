import type { Next } from './dialog-deps.js';
import type { Intent } from './intents.js';

/**
 * Where a request in the customer's own words leads. Escalating, or asking what one can do, shows the dispute options
 * of a complaint that has had our last word; where there are none yet, escalating puts the customer in touch with a
 * person, told why.
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
    case 'options':
      return { step: 'dispute', about: intent.kind, ...(intent.reference ? { reference: intent.reference } : {}) };
  }
}
