import { describe, expect, it } from '@jest/globals';
import { furthestHeads, readCheckpoints, signCheckpoint } from './checkpoints.js';
import { sealFits, sealOf } from './case-seal.js';

const KEY = 'k'.repeat(32);

describe(readCheckpoints.name, () => {
  const first = signCheckpoint(KEY, '2026-03-02T10:00:00.000Z', null, [['7K4M-9P2X', 2, 'a'.repeat(64)]]);
  const second = signCheckpoint(KEY, '2026-03-02T11:00:00.000Z', first.mac, [['7K4M-9P2X', 3, 'b'.repeat(64)]]);
  const file = (...lines: object[]) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';

  it('reads lines each signed by the key and naming the one before', () => {
    const read = readCheckpoints(KEY, file(first, second));
    expect(read).toEqual({ ok: true, checkpoints: [first, second] });
    expect(furthestHeads(read.ok ? read.checkpoints : []).get('7K4M-9P2X')).toEqual({ events: 3, headHash: 'b'.repeat(64) });
  });

  it('names a line altered, signed with another key, dropped from the middle, or not JSON', () => {
    expect(readCheckpoints(KEY, file(first, { ...second, cases: [['7K4M-9P2X', 9, 'b'.repeat(64)]] }))).toEqual({ ok: false, line: 2, problem: 'signature_invalid' });
    expect(readCheckpoints('x'.repeat(32), file(first))).toEqual({ ok: false, line: 1, problem: 'signature_invalid' });
    expect(readCheckpoints(KEY, file(second))).toEqual({ ok: false, line: 1, problem: 'out_of_order' });
    expect(readCheckpoints(KEY, '{not json\n')).toEqual({ ok: false, line: 1, problem: 'unreadable' });
  });
});

describe(sealOf.name, () => {
  it('fits only the head it was made for, under the key it was made with', () => {
    const head = { reference: '7K4M-9P2X', events: 3, headHash: 'c'.repeat(64) };
    const seal = sealOf(KEY, head);
    expect(sealFits(KEY, head, seal)).toBe(true);
    expect(sealFits(KEY, { ...head, events: 2 }, seal)).toBe(false);
    expect(sealFits('y'.repeat(32), head, seal)).toBe(false);
  });
});
