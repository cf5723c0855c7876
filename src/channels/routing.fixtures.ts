import type { ContactRouting } from '../complaints/customer-address.js';

/** For unit specs: routing as the SMS, web chat and email adapters declare it. */
export const TEST_ROUTING: ContactRouting = {
  serving: (kind) => {
    const id = { phone: 'sms', webchat: 'webchat', email: 'email' }[kind];
    return id ? { id, address: (contact) => contact.value } : undefined;
  },
};
