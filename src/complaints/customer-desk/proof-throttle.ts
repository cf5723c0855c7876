/**
 * How many wrong answers to "prove it is your complaint" are allowed before we stop answering for a while: per
 * asker (so one person cannot sweep references). Many wrong answers on one reference, from any askers, do not lock the
 * case: they leave only its secret code good for a while, as its contact details are easier to guess than the code, so
 * those who guess are kept out and the customer who holds the code is not.
 */
export const PROOF_LIMITS = {
  perRequester: { failures: 3, windowMinutes: 15 },
  perReference: { failures: 5, windowMinutes: 60 },
} as const;

export interface ProofAttempt {
  at: string;
  succeeded: boolean;
}

/**
 * `codeOnlyMinutes`: for that long, only the reference's secret code will do, as too many wrong answers were given on
 * it by anyone.
 */
export type ThrottleVerdict =
  | { allowed: true; attemptsLeft: number; codeOnlyMinutes?: number }
  | { allowed: false; retryAfterMinutes: number };

/** Pure: the verdict for the next attempt, given recent attempts by the asker and on the reference. */
export function proofThrottle(byRequester: ProofAttempt[], onReference: ProofAttempt[], now: Date): ThrottleVerdict {
  const check = (attempts: ProofAttempt[], limit: { failures: number; windowMinutes: number }) => {
    const windowStart = now.getTime() - limit.windowMinutes * 60_000;
    const failures = attempts
      .filter((a) => !a.succeeded && Date.parse(a.at) > windowStart)
      .map((a) => Date.parse(a.at))
      .sort((a, b) => a - b);
    if (failures.length < limit.failures) return { left: limit.failures - failures.length, retryAt: 0 };
    // Locked until the oldest failure that still counts leaves the window.
    const retryAt = failures[failures.length - limit.failures] + limit.windowMinutes * 60_000;
    return { left: 0, retryAt };
  };
  const minutesUntil = (at: number) => Math.ceil((at - now.getTime()) / 60_000);
  const requester = check(byRequester, PROOF_LIMITS.perRequester);
  if (requester.retryAt > now.getTime()) return { allowed: false, retryAfterMinutes: minutesUntil(requester.retryAt) };
  const reference = check(onReference, PROOF_LIMITS.perReference);
  if (reference.retryAt > now.getTime()) {
    return { allowed: true, attemptsLeft: requester.left, codeOnlyMinutes: minutesUntil(reference.retryAt) };
  }
  return { allowed: true, attemptsLeft: requester.left };
}

/** Does what the asker typed match the contact the complainant gave? Last four digits of a phone, or the email. */
export function proofMatches(contact: { kind: string; value: string }, proof: string): boolean {
  const typed = proof.trim().toLowerCase();
  if (contact.kind === 'phone') {
    const digits = typed.replace(/\D/g, '');
    return digits.length >= 4 && contact.value.endsWith(digits.slice(-4)) && digits.length <= contact.value.length;
  }
  if (contact.kind === 'email') return typed === contact.value.toLowerCase();
  return false;
}
