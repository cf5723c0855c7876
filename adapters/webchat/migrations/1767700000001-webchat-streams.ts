import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On PostgreSQL, every open Direct Line stream is a row of `webchat_streams`, so that a conversation's cap on open
 * streams holds across instances. Its instance renews `expires_at` while the stream is open; the rows of an instance
 * that died stop counting once they expire. On SQLite there is one instance, which counts its streams in memory.
 */
export class WebChatStreams1767700000001 implements MigrationInterface {
  name = 'WebChatStreams1767700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE TABLE webchat_streams (
        id uuid PRIMARY KEY,
        conversation_id varchar NOT NULL,
        opened_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX idx_webchat_streams_conversation ON webchat_streams (conversation_id, opened_at)');
    await queryRunner.query('CREATE INDEX idx_webchat_streams_expiry ON webchat_streams (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TABLE IF EXISTS webchat_streams');
  }
}
