import { maskContactsInText } from '../contacts/contact-format.js';

/** A reason staff typed, fit for a log line: a number or address written into it is masked, and it is kept short. */
export function maskedReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const masked = maskContactsInText(reason);
  return masked.length > 200 ? `${masked.slice(0, 199)}…` : masked;
}
