import { describe, expect, it } from '@jest/globals';
import { chain, GENESIS_HASH, verifyChain, type ChainedEvent } from './hash-chain.js';

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
