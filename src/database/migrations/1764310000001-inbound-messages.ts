import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** One inbound pipeline for every channel: customers' messages from any channel wait for their turn in one table. */
export class InboundMessages1764310000001 implements MigrationInterface {
  name = 'InboundMessages1764310000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'inbound_messages',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'channel', type: 'varchar', length: '32' },
          { name: 'conversation_key', type: 'varchar', length: '200' },
          { name: 'provider_id', type: 'varchar', length: '200' },
          { name: 'payload', type: 'text' },
          instant('received_at'),
          { name: 'attempts', type: 'integer' },
          instant('claimed_until', true),
          instant('handled_at', true),
          { name: 'outcome', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [
          { name: 'inbound_messages_provider_key', columnNames: ['channel', 'conversation_key', 'provider_id'], isUnique: true },
          { name: 'inbound_messages_waiting_idx', columnNames: ['handled_at', 'channel', 'conversation_key'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbound_messages');
  }
}
