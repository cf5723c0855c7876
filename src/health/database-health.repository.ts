import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whether the database answers, and which of this build's migrations it has run. */
@Injectable()
export class DatabaseHealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Asks the database the smallest question, straight on the data source rather than waiting its turn behind the work
   * queued on SQLite's connection, and names the engine that answered.
   */
  async ping(): Promise<string> {
    await this.dataSource.query('SELECT 1');
    return this.dataSource.options.type;
  }

  /** The migrations this build carries, by name, in the order they run. */
  knownMigrations(): string[] {
    return this.dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  }

  /** The migrations the database records as run (TypeORM's own table). */
  async appliedMigrations(): Promise<string[]> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM ${this.dataSource.driver.escape(table)}`);
    return rows.map((row) => row.name);
  }
}
