import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { Sql, SqlResult } from './sql.js';

/**
 * A read-only second connection to the SQLite file, for statements that only read and stand outside any transaction.
 * In WAL mode a reader sees what was committed when its statement began and never waits for the writer, so such a
 * read runs at once, on the caller's tick, rather than queueing on the one writing connection behind a whole group
 * and its COMMIT (and, outside a group, behind a turn of the event loop). It sees exactly what a queued read saw of
 * every transaction whose caller has heard of it (a caller hears only once the COMMIT has returned); what it does not
 * see is work still in a group, which no caller has heard of yet, as a read on PostgreSQL never sees another
 * connection's open transaction.
 *
 * Only a file has a second connection: an in-memory database is one connection's alone, and gets none.
 */
export class CommittedReads {
  private reader?: Database.Database;
  /** The writing connection the reader was opened beside: a data source destroyed and opened again has a new one. */
  private openedBeside?: Database.Database;

  constructor(private readonly dataSource: DataSource) {}

  /** The statement's result when it only reads and a reader is open; undefined when it must go to the writing connection. */
  read<T>(statement: Sql, params: readonly unknown[]): SqlResult<T> | undefined {
    const reader = this.connection();
    return reader && statement.readOnly<T>(reader, params);
  }

  /**
   * Closes the reader for good, before the writing connection closes, so that the writer is the last connection and
   * cleans the WAL up; reads after it go to the writer.
   */
  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private connection(): Database.Database | undefined {
    const writer = (this.dataSource.driver as unknown as { databaseConnection?: Database.Database }).databaseConnection;
    if (!writer?.open) {
      this.close();
      return undefined;
    }
    if (this.openedBeside !== writer) {
      this.close();
      this.openedBeside = writer;
      // an in-memory or temporary database has no file another connection could open
      if (!writer.memory && writer.name) this.reader = this.open(writer.name);
    }
    return this.reader;
  }

  private open(file: string): Database.Database | undefined {
    try {
      // as the writer waits for another process's lock (a checkpoint of a tool beside it), so does the reader
      return new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    } catch (error) {
      // reads still work, queued on the writer as before: only slower
      process.emitWarning(`SQLite reads go through the writing connection: a read-only one could not be opened (${String(error)})`);
      return undefined;
    }
  }
}
