import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Twilio takes no idempotency key, so each text is recorded as attempted before it is handed over: a text attempted
 * and never answered (a crash, a dropped connection, a timeout) is looked up in Twilio's message list before it is
 * sent again.
 */
export class SmsSendAttempts1764233000000 implements MigrationInterface {
  name = 'SmsSendAttempts1764233000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sms_send_attempts',
        columns: [
          { name: 'outbox_message_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'part', type: 'integer', isPrimary: true },
          { name: 'attempted_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sms_send_attempts');
  }
}
