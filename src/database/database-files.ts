import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseAccess } from './database-access.js';

/**
 * Makes deleted and overwritten rows unreadable in the database's own files, after an erasure or a sweep. SQLite
 * zeroes them in the main file (secure_delete, set when the connection opens), but earlier images of the pages stay
 * in the write-ahead log until it is checkpointed and truncated. PostgreSQL keeps dead row versions until VACUUM marks
 * their space for reuse; what it does not overwrite stays on disk until the space is reused (see the README).
 */
@Injectable()
export class DatabaseFiles {
  private readonly logger = new Logger('DatabaseFiles');

  constructor(
    private readonly db: DatabaseAccess,
    private readonly dataSource: DataSource,
  ) {}

  async reclaim(): Promise<void> {
    if (this.db.dialect === 'sqlite') {
      const [result]: { busy: number }[] = await this.db.run((manager) => manager.query('PRAGMA wal_checkpoint(TRUNCATE)'));
      // Another process reading the file (a backup, the audit command) can hold the log back; the next erasure or
      // sweep tries again.
      if (result?.busy) this.logger.warn('The write-ahead log could not be emptied now, as another process is reading the database; it is tried again at the next sweep');
      return;
    }
    // VACUUM cannot run in a transaction: each table on its own, outside any.
    const tables = [...new Set(this.dataSource.entityMetadatas.map((metadata) => metadata.tableName))];
    for (const table of tables) await this.dataSource.query(`VACUUM "${table}"`);
  }
}
