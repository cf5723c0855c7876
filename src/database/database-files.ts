import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseAccess } from './database-access.js';

/**
 * Makes deleted and overwritten rows unreadable in the database's own files, after an erasure or a sweep. SQLite
 * zeroes deleted cells (secure_delete, set when the connection opens), but not everything: when a full page is split
 * or rebalanced, pieces of rows it once held can stay in the page's unused space, and earlier images of pages stay in
 * the write-ahead log until it is checkpointed. So SQLite's file is rebuilt (VACUUM writes every page afresh) and the
 * log emptied. PostgreSQL keeps dead row versions until VACUUM marks their space for reuse; what it does not overwrite
 * stays on disk until the space is reused (see the README).
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
      // in a turn of its own on the one connection: VACUUM cannot run inside a transaction
      await this.db.run((manager) => manager.query('VACUUM'));
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
