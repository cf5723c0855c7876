import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = true) => ({ name, type: 'varchar', length: '24', isNullable });

/** ISO 10003 disputes: one a complaint, from the offer of options to the remedy and closure. */
export class Disputes1764600000001 implements MigrationInterface {
  name = 'Disputes1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'disputes',
        columns: [
          { name: 'reference', type: 'varchar', length: '20', isPrimary: true },
          { name: 'status', type: 'varchar', length: '24' },
          { name: 'trigger', type: 'varchar', length: '24' },
          { name: 'options', type: 'varchar', length: '500' },
          { name: 'provider_id', type: 'varchar', length: '100', isNullable: true },
          instant('referral_deadline'),
          { name: 'wording_version', type: 'varchar', length: '40', isNullable: true },
          { name: 'consent_to_share', type: 'boolean', default: false },
          { name: 'reminders_wanted', type: 'boolean', default: false },
          { name: 'provider_reference', type: 'varchar', length: '100', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16', isNullable: true },
          { name: 'remedy', type: 'text', isNullable: true },
          instant('remedy_due_at'),
          instant('offered_at', false),
          instant('answered_at'),
          instant('referred_at'),
          instant('accepted_at'),
          instant('decided_at'),
          instant('remedy_implemented_at'),
          instant('closed_at'),
          instant('reminder_sent_at'),
          instant('updated_at', false),
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'IDX_disputes_status', columnNames: ['status'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('disputes');
  }
}
