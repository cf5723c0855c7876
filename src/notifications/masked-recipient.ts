import { maskEmail, maskPhone } from '../contacts/contact-format.js';

/**
 * Where a customer message was going, as staff may see it (`+44 •••• ••• 456`, `s•••@e•••.com`): enough to tell which
 * of the customer's contacts failed, not enough to use it. Undefined for an address that is neither (a web chat
 * conversation says nothing to staff).
 */
export function maskedRecipient(recipient: Record<string, unknown>): string | undefined {
  const address = recipient.address;
  if (typeof address !== 'string') return undefined;
  const phone = /\+\d{6,15}$/.exec(address);
  if (phone) return maskPhone(phone[0]);
  if (/^[^@\s]+@[^@\s]+$/.test(address)) return maskEmail(address);
  return undefined;
}
