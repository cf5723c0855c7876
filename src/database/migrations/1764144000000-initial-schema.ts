import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = true) => ({ name, type: 'varchar', length: '24', isNullable });

export class InitialSchema1764144000000 implements MigrationInterface {
  name = 'InitialSchema1764144000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'complaints',
        columns: [
          { name: 'reference', type: 'varchar', length: '9', isPrimary: true },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'contact_kind', type: 'varchar', length: '16' },
          { name: 'contact_value', type: 'varchar', length: '320' },
          { name: 'customer_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'language', type: 'varchar', length: '16' },
          { name: 'category', type: 'varchar', length: '64' },
          { name: 'description', type: 'text' },
          { name: 'remedy_sought', type: 'text', isNullable: true },
          { name: 'occurred_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'assessment', type: 'text', isNullable: true },
          { name: 'priority', type: 'varchar', length: '16', isNullable: true },
          { name: 'assignee_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'involved_staff_ids', type: 'text' },
          { name: 'deadlines', type: 'text' },
          instant('next_due_at'),
          instant('paused_at'),
          { name: 'proposed_response', type: 'text', isNullable: true },
          { name: 'closure', type: 'text', isNullable: true },
          instant('received_at', false),
          instant('acknowledged_at'),
          instant('resolved_at'),
          instant('closed_at'),
          instant('withdrawn_at'),
          instant('updated_at', false),
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    for (const column of ['status', 'category', 'assignee_id', 'next_due_at', 'received_at']) {
      await queryRunner.createIndex('complaints', new TableIndex({ name: `complaints_${column}_idx`, columnNames: [column] }));
    }

    await queryRunner.createTable(
      new Table({
        name: 'case_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'reference', type: 'varchar', length: '9' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'actor', type: 'varchar', length: '128' },
          instant('at', false),
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [{ name: 'case_events_reference_seq_key', columnNames: ['reference', 'seq'], isUnique: true }],
      }),
    );

    // The history is append-only for the application too; the hash chain catches whoever bypasses this.
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'case history is append-only'; END $$`);
      await queryRunner.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    } else {
      for (const action of ['UPDATE', 'DELETE']) {
        await queryRunner.query(`CREATE TRIGGER case_events_no_${action.toLowerCase()} BEFORE ${action} ON case_events
          BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_events');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP FUNCTION IF EXISTS case_events_append_only()');
    }
    await queryRunner.dropTable('complaints');
  }
}
