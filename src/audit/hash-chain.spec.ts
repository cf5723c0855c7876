import { describe, expect, it } from '@jest/globals';
import { chain, GENESIS_HASH, newSalt, redacted, verifyChain, type ChainedEvent } from './hash-chain.js';

function history(length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const prev = events.at(-1)?.hash ?? GENESIS_HASH;
    events.push(
      chain(prev, {
        reference: '7K4M-9P2Q',
        seq,
        type: seq === 1 ? 'complaint.received' : 'note.added',
        actor: 'staff:U1',
        at: `2026-03-0${seq}T10:00:00.000Z`,
        reason: null,
        data: { text: `note ${seq}`, nested: { b: 2, a: 1 } },
      }),
    );
  }
  return events;
}

describe(verifyChain.name, () => {
  it('accepts an untouched history and reports its head', () => {
    const events = history(4);
    expect(verifyChain(events)).toEqual({ intact: true, events: 4, headHash: events[3].hash });
  });

  it('does not depend on the order of keys in the stored data', () => {
    const events = history(2);
    events[1] = { ...events[1], data: { nested: { a: 1, b: 2 }, text: 'note 2' } };
    expect(verifyChain(events).intact).toBe(true);
  });

  it('names the first event whose content was altered', () => {
    const events = history(5);
    events[2] = { ...events[2], data: { ...events[2].data, text: 'rewritten' } };
    expect(verifyChain(events)).toEqual({ intact: false, events: 5, firstBrokenSeq: 3, problem: 'content_altered' });
  });

  it('notices an altered event whose hash was recomputed to hide it', () => {
    const events = history(4);
    events[1] = chain(events[1].prevHash, { ...events[1], actor: 'staff:U2' });
    expect(verifyChain(events)).toEqual({ intact: false, events: 4, firstBrokenSeq: 3, problem: 'link_broken' });
  });

  it('notices a deleted event', () => {
    const events = history(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ intact: false, firstBrokenSeq: 3, problem: 'sequence_gap' });
  });
});

describe(redacted.name, () => {
  function scheme2(): ChainedEvent[] {
    const events: ChainedEvent[] = [];
    const steps: [string, string | null, Record<string, unknown>][] = [
      ['complaint.received', null, { description: 'My neighbour Ann Smith, 07911 123456', category: 'billing', assessment: { severity: 'low', summary: 'Ann again' } }],
      ['complaint.closed', 'Ann phoned to say thanks', { from: 'resolved', to: 'closed', outcome: 'refunded', rootCause: 'billing_error' }],
    ];
    for (const [index, [type, reason, data]] of steps.entries()) {
      const prev = events.at(-1)?.hash ?? GENESIS_HASH;
      events.push(chain(prev, { reference: '7K4M-9P2Q', seq: index + 1, type, actor: 'staff:U1', at: '2026-03-01T10:00:00.000Z', reason, data, scheme: 2, salt: newSalt() }));
    }
    return events;
  }

  const erase = (event: ChainedEvent): ChainedEvent => ({ ...event, ...redacted(event), salt: null });

  it('takes every personal field and leaves the statistics, and the chain still holds', () => {
    const events = scheme2().map(erase);
    expect(JSON.stringify(events)).not.toMatch(/Ann|07911/);
    expect(events[0].data).toMatchObject({ category: 'billing', assessment: { severity: 'low' } });
    expect(events[1].data).toMatchObject({ from: 'resolved', to: 'closed', outcome: 'refunded', rootCause: 'billing_error' });
    expect(verifyChain(events).intact).toBe(true);
  });

  it('still notices a personal field changed before erasure, or a digest changed after', () => {
    const before = scheme2();
    before[0] = { ...before[0], data: { ...before[0].data, description: 'Nothing happened' } };
    expect(verifyChain(before)).toMatchObject({ intact: false, firstBrokenSeq: 1, problem: 'content_altered' });

    const after = scheme2().map(erase);
    after[1] = { ...after[1], data: { ...after[1].data, $reason: { $erased: 'f'.repeat(64) } } };
    expect(verifyChain(after)).toMatchObject({ intact: false, firstBrokenSeq: 2, problem: 'content_altered' });
  });

  it('lets an erased event of the first scheme pass only when a later erasure names it', () => {
    const legacy = history(3);
    const erased = [erase(legacy[0]), legacy[1], legacy[2]];
    expect(JSON.stringify(erased[0])).not.toContain('note 1');
    expect(verifyChain(erased)).toMatchObject({ intact: false, firstBrokenSeq: 1, problem: 'content_altered' });

    const record = chain(legacy[2].hash, {
      reference: '7K4M-9P2Q', seq: 4, type: 'customer.erased', actor: 'staff:U1', at: '2026-03-09T10:00:00.000Z', reason: null,
      data: { legacySeqs: [1] }, scheme: 2, salt: newSalt(),
    });
    expect(verifyChain([...erased, record]).intact).toBe(true);
    // a legacy event altered rather than erased is still caught
    const altered = [{ ...legacy[0], data: { text: 'note one' } }, legacy[1], legacy[2], record];
    expect(verifyChain(altered)).toMatchObject({ intact: false, firstBrokenSeq: 1, problem: 'content_altered' });
  });
});
