/** What /health/ready found; every field is safe to show anyone (no addresses, no errors' texts). */
export interface ReadinessFacts {
  /** The engine that answered, or null when the database did not answer. */
  database: string | null;
  /** The migrations this build has, by name, oldest first. */
  known: readonly string[];
  /** The migrations the database records as run; empty when it could not be read. */
  applied: readonly string[];
  draining: boolean;
}

export type Readiness =
  | { ready: true; body: { status: 'ready'; database: string; migrations: number } }
  | { ready: false; body: { status: 'not_ready'; reasons: string[]; database: string | null; pendingMigrations?: string[] } };

/**
 * Ready means this instance can take a customer's turn now: the database answers, its schema is the one this build
 * expects (a migration not yet run would fail queries, as another instance of an older build may be running), and
 * the instance is not shutting down.
 */
export function readiness(facts: ReadinessFacts): Readiness {
  const reasons: string[] = [];
  if (facts.draining) reasons.push('shutting_down');
  if (facts.database === null) {
    reasons.push('database_unreachable');
    return { ready: false, body: { status: 'not_ready', reasons, database: null } };
  }
  const applied = new Set(facts.applied);
  const pending = facts.known.filter((name) => !applied.has(name));
  if (pending.length > 0) reasons.push('migrations_pending');
  if (reasons.length > 0) {
    return { ready: false, body: { status: 'not_ready', reasons, database: facts.database, ...(pending.length > 0 ? { pendingMigrations: pending } : {}) } };
  }
  return { ready: true, body: { status: 'ready', database: facts.database, migrations: facts.known.length } };
}
