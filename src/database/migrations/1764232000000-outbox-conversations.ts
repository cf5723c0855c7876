import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages to one customer's conversation are handed to their provider one at a time, in the order they were written:
 * `conversation` names the conversation (null for messages that need no order, such as staff cards), and `seq` is the
 * order of writing. Timestamps cannot give that order: two turns may write in the same millisecond, and an instance's
 * clock is not another's.
 *
 * PostgreSQL numbers rows from a sequence; SQLite has one writer at a time, so a new row takes the highest number
 * plus one (`Outbox.enqueue`). Rows already there are numbered in the order they were written, as far as it is known.
 */
export class OutboxConversations1764232000000 implements MigrationInterface {
  name = 'OutboxConversations1764232000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query('ALTER TABLE outbox_messages ADD COLUMN conversation text');
    await queryRunner.query(`ALTER TABLE outbox_messages ADD COLUMN seq ${postgres ? 'bigint' : 'integer'}`);
    if (postgres) {
      await queryRunner.query('CREATE SEQUENCE outbox_messages_seq OWNED BY outbox_messages.seq');
      await queryRunner.query(`UPDATE outbox_messages SET seq = numbered.n
        FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM outbox_messages) numbered
        WHERE outbox_messages.id = numbered.id`);
      await queryRunner.query("SELECT setval('outbox_messages_seq', COALESCE((SELECT MAX(seq) FROM outbox_messages), 0) + 1, false)");
      await queryRunner.query(
        "ALTER TABLE outbox_messages ALTER COLUMN seq SET DEFAULT nextval('outbox_messages_seq'), ALTER COLUMN seq SET NOT NULL",
      );
    } else {
      // rowid follows the order rows were inserted in
      await queryRunner.query('UPDATE outbox_messages SET seq = rowid');
    }
    // a customer message records its conversation from now on; those already waiting get theirs here
    await queryRunner.query(
      `UPDATE outbox_messages SET conversation = channel || ':' || ${postgres ? "(recipient::json ->> 'address')" : "json_extract(recipient, '$.address')"}
       WHERE status IN ('pending', 'sending') AND ${postgres ? "(recipient::json ->> 'address')" : "json_extract(recipient, '$.address')"} IS NOT NULL`,
    );
    await queryRunner.query('CREATE INDEX outbox_messages_seq_idx ON outbox_messages (seq)');
    await queryRunner.query('CREATE INDEX outbox_messages_conversation_idx ON outbox_messages (conversation, status, seq)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX outbox_messages_conversation_idx');
    await queryRunner.query('DROP INDEX outbox_messages_seq_idx');
    await queryRunner.dropColumn('outbox_messages', 'seq');
    await queryRunner.dropColumn('outbox_messages', 'conversation');
    if (queryRunner.connection.options.type === 'postgres') await queryRunner.query('DROP SEQUENCE IF EXISTS outbox_messages_seq');
  }
}
