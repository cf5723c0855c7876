import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Delivery callbacks that came before their text's Message SID was recorded, kept until it is (see SmsEarlyStatusRecord). */
export class SmsEarlyStatuses1766600000001 implements MigrationInterface {
  name = 'SmsEarlyStatuses1766600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sms_early_statuses',
        columns: [
          { name: 'message_sid', type: 'varchar', length: '64', isPrimary: true },
          { name: 'provider_status', type: 'varchar', length: '24', isPrimary: true },
          { name: 'error_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'received_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'sms_early_statuses_received_idx', columnNames: ['received_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sms_early_statuses');
  }
}
