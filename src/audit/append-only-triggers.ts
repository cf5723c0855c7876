import type { EntityManager } from 'typeorm';

/**
 * The names of the database's own guards that refuse updates and deletes of case_events (see the initial migration)
 * which are missing or switched off. A dropped trigger would otherwise stay dropped without a word.
 */
export async function missingAppendOnlyTriggers(manager: EntityManager): Promise<string[]> {
  if (manager.connection.options.type === 'postgres') {
    const rows: { tgname: string }[] = await manager.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'case_events'::regclass AND NOT tgisinternal AND tgenabled <> 'D'`,
    );
    return ['case_events_append_only'].filter((name) => !rows.some((row) => row.tgname === name));
  }
  const rows: { name: string }[] = await manager.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_events'`);
  return ['case_events_no_update', 'case_events_no_delete'].filter((name) => !rows.some((row) => row.name === name));
}
