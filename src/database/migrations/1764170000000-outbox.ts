import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

export class Outbox1764170000000 implements MigrationInterface {
  name = 'Outbox1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reference', type: 'varchar', length: '9', isNullable: true },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'kind', type: 'varchar', length: '48' },
          { name: 'recipient', type: 'text' },
          { name: 'payload', type: 'text' },
          { name: 'dedupe_key', type: 'varchar', length: '200', isNullable: true, isUnique: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer' },
          instant('next_attempt_at'),
          instant('lease_until', true),
          { name: 'provider_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          { name: 'outbox_messages_due_idx', columnNames: ['status', 'next_attempt_at'] },
          { name: 'outbox_messages_reference_idx', columnNames: ['reference'] },
          { name: 'outbox_messages_provider_idx', columnNames: ['channel', 'provider_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_messages');
  }
}
