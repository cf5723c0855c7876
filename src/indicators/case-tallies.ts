import type { CaseCounts, CaseTally, VolumeCount } from './indicators.repository.js';

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most first; ties with a value before those with none, then by value. */
function byVolume(a: VolumeCount, b: VolumeCount): number {
  return b.count - a.count || Number(a.key === null) - Number(b.key === null) || byCodePoint(a.key ?? '', b.key ?? '');
}

/** The volumes of one dimension from its tallies: over the whole period, or by month (oldest first). */
export function volumesOf(tallies: readonly CaseTally[], byMonth: boolean): VolumeCount[] {
  const counts = new Map<string, VolumeCount>();
  for (const tally of tallies) {
    const id = `${byMonth ? tally.month : ''}\u0000${tally.key ?? '\u0001'}`;
    const volume = counts.get(id) ?? { key: tally.key, count: 0, ...(byMonth ? { month: tally.month } : {}) };
    volume.count += tally.received;
    counts.set(id, volume);
  }
  return [...counts.values()].filter((v) => v.count > 0).sort((a, b) => byCodePoint(a.month ?? '', b.month ?? '') || byVolume(a, b));
}

/** The counts over the whole period. */
export function countsOf(tallies: readonly CaseTally[]): CaseCounts {
  return tallies.reduce(
    (sum, t) => ({ received: sum.received + t.received, ended: sum.ended + t.ended, reopened: sum.reopened + t.reopened, withdrawn: sum.withdrawn + t.withdrawn }),
    { received: 0, ended: 0, reopened: 0, withdrawn: 0 },
  );
}
