import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Customers' emails now wait in the one inbound pipeline (`inbound_messages`), like every channel's messages; what
 * email keeps of its own is a complaint begun by email while it waits for its category.
 */
export class EmailIntakes1764330000002 implements MigrationInterface {
  name = 'EmailIntakes1764330000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('email_inbound_messages', true);
    await queryRunner.createTable(
      new Table({
        name: 'email_intakes',
        columns: [
          { name: 'address', type: 'varchar', length: '320', isPrimary: true },
          { name: 'story', type: 'text' },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'asked_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('email_intakes');
    const { EmailInbound1764330000001 } = await import('./1764330000001-email-inbound.js');
    await new EmailInbound1764330000001().up(queryRunner);
  }
}
