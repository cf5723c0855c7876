import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On PostgreSQL every activity stored in a web chat conversation sends a notification on `redress_webchat_activity`
 * with the conversation's id and the activity's number (`<id> <seq>`), so the instance holding that conversation's
 * stream sends it at once, whichever instance wrote it. A notification sent inside a transaction is delivered only
 * when it commits, and never if it is undone, so a stream never reads ahead of what is there. A trigger rather than a
 * statement beside each insert: whatever writes an activity, by whatever path, is heard. On SQLite there is one
 * instance, and its own signal is enough.
 */
export class WebChatActivityNotify1766500000001 implements MigrationInterface {
  name = 'WebChatActivityNotify1766500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE FUNCTION webchat_activity_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('redress_webchat_activity', NEW.conversation_id || ' ' || NEW.seq);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER webchat_activity_notify AFTER INSERT ON webchat_activities FOR EACH ROW EXECUTE FUNCTION webchat_activity_notify()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TRIGGER IF EXISTS webchat_activity_notify ON webchat_activities');
    await queryRunner.query('DROP FUNCTION IF EXISTS webchat_activity_notify()');
  }
}
