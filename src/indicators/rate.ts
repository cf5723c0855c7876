/** The normal quantile for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval of a proportion: unlike the plain "p ± z·se", it stays within 0 and 1 and does not
 * collapse to a point when every case (or none) succeeded, which is exactly when small counts mislead most.
 */
export function wilsonInterval(successes: number, count: number, z = Z95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(count) || count <= 0 || successes < 0 || successes > count) {
    throw new RangeError(`No proportion of ${successes} in ${count}`);
  }
  const p = successes / count;
  const z2 = z * z;
  const denominator = 1 + z2 / count;
  const centre = (p + z2 / (2 * count)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count));
  // The bounds are exactly 0 and 1 at the extremes; floating point would leave them a hair off.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === count ? 1 : Math.min(1, centre + half) };
}

/** A share of a count, or why it is not given: below `minimum` cases a percentage says more than the data does. */
export type Rate =
  | { enoughData: true; successes: number; count: number; value: number; interval: Interval }
  | { enoughData: false; successes: number; count: number; minimum: number };

export function rate(successes: number, count: number, minimum: number): Rate {
  if (count < Math.max(1, minimum)) return { enoughData: false, successes, count, minimum };
  return { enoughData: true, successes, count, value: successes / count, interval: wilsonInterval(successes, count) };
}

/** "87% (95% CI 80–92%, n = 120)", or "not enough data (12 of at least 30)". */
export function describeRate(figure: Rate): string {
  if (!figure.enoughData) return `not enough data (${figure.count} of at least ${figure.minimum})`;
  const pct = (value: number) => Math.round(value * 100);
  return `${pct(figure.value)}% (95% CI ${pct(figure.interval.low)}–${pct(figure.interval.high)}%, n = ${figure.count})`;
}
