/** The first wait before connecting again, and the longest. */
export const FIRST_RECONNECT_MS = 250;
export const LONGEST_RECONNECT_MS = 30_000;

/**
 * How long to wait before the `attempt`th try (from 0) at a connection that dropped: doubling from a quarter of a
 * second up to thirty, so a database that restarts is found again at once and one that stays down is not hammered.
 * Each wait is drawn between half and all of that (`random` in [0, 1)), so that instances which lost the database
 * together do not all come back in the same instant.
 */
export function reconnectDelay(attempt: number, random: number): number {
  const ceiling = Math.min(LONGEST_RECONNECT_MS, FIRST_RECONNECT_MS * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
