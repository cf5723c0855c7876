import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseAccess } from './database-access.js';

/**
 * Runs work in one database transaction: every repository called inside it, however deep, joins it (see
 * `DatabaseAccess`), so a channel can handle a whole customer turn (dialog state, the case, the replies it owes, the
 * mark that the message was handled) as one unit that a crash rolls back entirely.
 */
@Injectable()
export class UnitOfWork {
  private readonly db: DatabaseAccess;

  constructor(dataSource: DataSource) {
    this.db = new DatabaseAccess(dataSource);
  }

  /** Opens a transaction, or joins the one the caller is in; repositories called inside reach it on their own. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(() => work());
  }

  /** Reads that must agree with one another, as of one moment (see `DatabaseAccess.snapshot`). */
  snapshot<T>(work: () => Promise<T>, options: { besideOtherProcesses?: boolean } = {}): Promise<T> {
    return this.db.snapshot(() => work(), options);
  }

  /** Calls back once the caller's writes are committed; never if its transaction is undone (see `DatabaseAccess.afterCommit`). */
  afterCommit(callback: () => void): void {
    this.db.afterCommit(callback);
  }

  /** True while the caller runs inside a transaction, whose effects are not yet visible to anyone else. */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** Runs work detached from the caller's transaction, for background work that must outlive it. */
  detached<T>(work: () => T): T {
    return this.db.detached(work);
  }
}

/** True when the database refused a row because it would break a unique constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
