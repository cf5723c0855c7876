import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** SMS through Twilio: the inbox of customers' texts, opted-out numbers, and each sent SMS with its delivery status. */
export class Sms1764186000000 implements MigrationInterface {
  name = 'Sms1764186000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sms_inbound_messages',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'message_sid', type: 'varchar', length: '64', isUnique: true },
          { name: 'account_sid', type: 'varchar', length: '34' },
          { name: 'from_number', type: 'varchar', length: '16' },
          { name: 'to_number', type: 'varchar', length: '32' },
          { name: 'body', type: 'text' },
          { name: 'num_media', type: 'integer' },
          { name: 'num_segments', type: 'integer' },
          instant('received_at'),
          { name: 'attempts', type: 'integer' },
          instant('claimed_until', true),
          instant('handled_at', true),
          { name: 'outcome', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'sms_inbound_messages_pending_idx', columnNames: ['handled_at', 'from_number'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sms_opt_outs',
        columns: [
          { name: 'phone_number', type: 'varchar', length: '16', isPrimary: true },
          { name: 'keyword', type: 'varchar', length: '16' },
          { name: 'message_sid', type: 'varchar', length: '64' },
          instant('opted_out_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sms_deliveries',
        columns: [
          { name: 'message_sid', type: 'varchar', length: '64', isPrimary: true },
          { name: 'outbox_message_id', type: 'varchar', length: '36' },
          { name: 'part', type: 'integer' },
          { name: 'parts', type: 'integer' },
          { name: 'provider_status', type: 'varchar', length: '24' },
          { name: 'error_code', type: 'varchar', length: '16', isNullable: true },
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [{ name: 'sms_deliveries_outbox_part_key', columnNames: ['outbox_message_id', 'part'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sms_deliveries');
    await queryRunner.dropTable('sms_opt_outs');
    await queryRunner.dropTable('sms_inbound_messages');
  }
}
