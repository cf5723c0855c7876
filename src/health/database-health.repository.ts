import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whether the database answers at all. */
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
}
