import { describe, expect, it } from '@jest/globals';
import { OUTBOX_STATUSES, type OutboxStatus } from './outbox-message.entity.js';
import { OUTCOMES, settledStatus, type Outcome } from './settle-transition.js';

describe(settledStatus.name, () => {
  const table: Record<OutboxStatus, Record<Outcome, OutboxStatus | null>> = {
    pending: { sent: null, delivered: null, failed: 'failed' },
    sending: { sent: 'sent', delivered: 'delivered', failed: 'failed' },
    sent: { sent: null, delivered: 'delivered', failed: 'failed' },
    delivered: { sent: null, delivered: null, failed: null },
    failed: { sent: null, delivered: null, failed: null },
  };

  for (const status of OUTBOX_STATUSES) {
    for (const outcome of OUTCOMES) {
      it(`${status} + ${outcome} → ${table[status][outcome] ?? 'unchanged'}`, () => {
        expect(settledStatus(status, outcome)).toBe(table[status][outcome]);
      });
    }
  }

  it('never moves a message backwards, whatever order the outcomes come in', () => {
    const rank: Record<OutboxStatus, number> = { pending: 0, sending: 1, sent: 2, delivered: 3, failed: 3 };
    for (const status of OUTBOX_STATUSES) {
      for (const outcome of OUTCOMES) {
        const next = settledStatus(status, outcome);
        if (next !== null) expect(rank[next]).toBeGreaterThan(rank[status]);
      }
    }
  });

  it('settles a message once: an outcome heard twice changes nothing the second time', () => {
    for (const outcome of OUTCOMES) {
      const once = settledStatus('sending', outcome);
      expect(once).toBe(outcome);
      expect(settledStatus(once as OutboxStatus, outcome)).toBeNull();
    }
  });
});
