import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Everything but the columns an erasure touches must stay as it was, and an event is erased once. */
export const SQLITE_ERASURE_ONLY = `OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.salt IS NULL
  AND NEW.id = OLD.id AND NEW.reference = OLD.reference AND NEW.seq = OLD.seq AND NEW.type = OLD.type
  AND NEW.actor = OLD.actor AND NEW.at = OLD.at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
  AND NEW.hash_scheme = OLD.hash_scheme`;

/**
 * Erasure of personal data in case histories: new events hash a salted digest of each personal field (scheme 2), and
 * the append-only guard lets exactly one change through, once per event: the personal fields replaced by those
 * digests and the salt dropped. Events already written keep scheme 1 and verify as before.
 */
export class CaseEventErasure1764340000001 implements MigrationInterface {
  name = 'CaseEventErasure1764340000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds SQLite tables, which would drop the guards with the old table.
    await queryRunner.query('ALTER TABLE case_events ADD COLUMN hash_scheme integer NOT NULL DEFAULT 1');
    await queryRunner.query('ALTER TABLE case_events ADD COLUMN salt varchar(32)');
    await queryRunner.query('ALTER TABLE case_events ADD COLUMN erased_at varchar(24)');
    await queryRunner.query('ALTER TABLE complaints ADD COLUMN erased_at varchar(24)');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.salt IS NULL
             AND (NEW.id, NEW.reference, NEW.seq, NEW.type, NEW.actor, NEW.at, NEW.prev_hash, NEW.hash, NEW.hash_scheme)
                 IS NOT DISTINCT FROM (OLD.id, OLD.reference, OLD.seq, OLD.type, OLD.actor, OLD.at, OLD.prev_hash, OLD.hash, OLD.hash_scheme)
          THEN RETURN NEW; END IF;
          RAISE EXCEPTION 'case history is append-only';
        END $$`);
      return;
    }
    await queryRunner.query('DROP TRIGGER case_events_no_update');
    await queryRunner.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events WHEN NOT (${SQLITE_ERASURE_ONLY})
      BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'case history is append-only'; END $$`);
    } else {
      await queryRunner.query('DROP TRIGGER case_events_no_update');
      await queryRunner.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
        BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END`);
    }
    await queryRunner.query('ALTER TABLE complaints DROP COLUMN erased_at');
    await queryRunner.query('ALTER TABLE case_events DROP COLUMN erased_at');
    await queryRunner.query('ALTER TABLE case_events DROP COLUMN salt');
    await queryRunner.query('ALTER TABLE case_events DROP COLUMN hash_scheme');
  }
}
