/**
 * The 0-based position, in `count` values sorted ascending, of the `q` quantile by the nearest-rank method: the
 * smallest value at or below which at least q of the values lie. It is always one of the observed values, so a
 * database can fetch it with ORDER BY … LIMIT 1 OFFSET n instead of handing over every value.
 */
export function nearestRankOffset(count: number, q: number): number {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`No quantile of ${count} values`);
  if (!(q > 0 && q <= 1)) throw new RangeError(`Quantile ${q} is outside (0, 1]`);
  // Rounded first: 0.9 × 10 is 9.000000000000002 in floating point, which would otherwise rank 10.
  return Math.ceil(Number((q * count).toFixed(9))) - 1;
}
