/** A small seeded generator (mulberry32), so that one size always seeds the same complaints. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** `length` hexadecimal digits. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += (Math.floor(this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** One of the keys, drawn by its weight. */
  pick<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let u = this.next() * total;
    for (const [key, weight] of entries) {
      u -= weight;
      if (u < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** Log-normally distributed around `median`: most values near it, a long tail above. */
  logNormal(median: number, spread: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(spread * normal);
  }
}
