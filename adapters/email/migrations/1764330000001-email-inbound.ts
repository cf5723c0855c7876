import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** Customers' emails: stored when the inbound webhook takes them, handled afterwards, one sender at a time. */
export class EmailInbound1764330000001 implements MigrationInterface {
  name = 'EmailInbound1764330000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'email_inbound_messages',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'message_id', type: 'varchar', length: '255', isUnique: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'from_address', type: 'varchar', length: '320' },
          { name: 'subject', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'details', type: 'text' },
          { name: 'reference', type: 'varchar', length: '9', isNullable: true },
          instant('received_at'),
          { name: 'attempts', type: 'integer' },
          instant('claimed_until', true),
          instant('handled_at', true),
          { name: 'outcome', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'email_inbound_messages_pending_idx', columnNames: ['handled_at', 'from_address'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('email_inbound_messages');
  }
}
