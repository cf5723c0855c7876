/**
 * How many wrong answers to "prove it is your complaint" are allowed before we stop answering for a while: per
 * asker (so one person cannot sweep references) and per reference (so many askers cannot gang up on one case).
 */
export const PROOF_LIMITS = {
  perRequester: { failures: 3, windowMinutes: 15 },
  perReference: { failures: 5, windowMinutes: 60 },
} as const;

export interface ProofAttempt {
  at: string;
  succeeded: boolean;
}

export type ThrottleVerdict = { allowed: true; attemptsLeft: number } | { allowed: false; retryAfterMinutes: number };

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
  const requester = check(byRequester, PROOF_LIMITS.perRequester);
  const reference = check(onReference, PROOF_LIMITS.perReference);
  const retryAt = Math.max(requester.retryAt, reference.retryAt);
  if (retryAt > now.getTime()) return { allowed: false, retryAfterMinutes: Math.ceil((retryAt - now.getTime()) / 60_000) };
  return { allowed: true, attemptsLeft: Math.min(requester.left, reference.left) };
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
