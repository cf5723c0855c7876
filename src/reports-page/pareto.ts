export interface ParetoRow {
  key: string | null;
  count: number;
  /** This row and every larger one before it, as a percentage of all: the line of a Pareto chart. */
  cumulativePercent: number;
}

/**
 * Root causes from the most frequent down, each with the running share of the total, so that a manager sees which few
 * causes make up most complaints. Ties keep a stable order by key, with "none recorded" (null) last among equals.
 */
export function pareto(rows: readonly { key: string | null; count: number }[]): ParetoRow[] {
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const sorted = rows
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
  let running = 0;
  return sorted.map((row) => {
    running += row.count;
    // The last row is exactly 100, whatever the rounding of the ones before.
    const cumulativePercent = running === total ? 100 : Math.round((running / total) * 1000) / 10;
    return { key: row.key, count: row.count, cumulativePercent };
  });
}
