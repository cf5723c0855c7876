import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * WhatsApp's quick-reply buttons go as Twilio Content templates: one is created for each set of button titles and
 * kept here, so that every instance and every restart sends the same one rather than creating another.
 */
export class WhatsAppQuickReplies1766100000001 implements MigrationInterface {
  name = 'WhatsAppQuickReplies1766100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'whatsapp_quick_replies',
        columns: [
          { name: 'buttons_key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'content_sid', type: 'varchar', length: '34' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('whatsapp_quick_replies');
  }
}
